namespace Ipv8.Connectivity.Ladder;

/// <summary>A rung could not produce a pipe; the message is the reason reported in its <see cref="RungAttempt"/>.</summary>
public sealed class RungFailedException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public RungFailedException()
    {
    }

    /// <summary>Initializes the exception with a reason.</summary>
    public RungFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a reason and a cause.</summary>
    public RungFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
