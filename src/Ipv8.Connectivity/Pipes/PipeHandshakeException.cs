namespace Ipv8.Connectivity.Pipes;

/// <summary>A pipe handshake failed; <see cref="Failure"/> says how, the message says why.</summary>
public sealed class PipeHandshakeException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public PipeHandshakeException()
    {
    }

    /// <summary>Initializes the exception with a reason.</summary>
    public PipeHandshakeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a reason and a cause.</summary>
    public PipeHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes the exception with its kind and reason.</summary>
    public PipeHandshakeException(HandshakeFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Gets the kind of failure.</summary>
    public HandshakeFailure Failure { get; } = HandshakeFailure.Malformed;
}
