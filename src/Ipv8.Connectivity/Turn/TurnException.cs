namespace Ipv8.Connectivity.Turn;

/// <summary>A TURN transaction or allocation failed; <see cref="Failure"/> says how and the message says why (never with secrets).</summary>
public sealed class TurnException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public TurnException()
    {
    }

    /// <summary>Initializes the exception with a reason.</summary>
    public TurnException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a reason and a cause.</summary>
    public TurnException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes the exception with a failure kind, a reason and optionally the server's error code.</summary>
    public TurnException(TurnFailure failure, string message, int errorCode = 0, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        ErrorCode = errorCode;
    }

    /// <summary>Gets the kind of failure.</summary>
    public TurnFailure Failure { get; } = TurnFailure.Malformed;

    /// <summary>Gets the server's STUN error code (e.g. 401, 438, 486), or 0 when the failure is not an error response.</summary>
    public int ErrorCode { get; }
}
