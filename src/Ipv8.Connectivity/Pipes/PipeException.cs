namespace Ipv8.Connectivity.Pipes;

/// <summary>An established pipe broke: a frame was oversized, truncated, tampered with, replayed or reordered. The pipe is unusable afterwards.</summary>
public sealed class PipeException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public PipeException()
    {
    }

    /// <summary>Initializes the exception with a reason.</summary>
    public PipeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a reason and a cause.</summary>
    public PipeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
