namespace Ipv8.Connectivity.Turn;

/// <summary>Why a TURN operation failed.</summary>
public enum TurnFailure
{
    /// <summary>No answer within the transaction timeout.</summary>
    Timeout = 1,

    /// <summary>The server refused the credentials (401 after an authenticated request, or a 401 without realm/nonce).</summary>
    Unauthorized = 2,

    /// <summary>The server answered with another error code (see <see cref="TurnException.ErrorCode"/>), e.g. 486 quota reached, 403 forbidden peer.</summary>
    ErrorResponse = 3,

    /// <summary>A response failed its MESSAGE-INTEGRITY(-SHA256) check, or lacked one where it is required.</summary>
    Integrity = 4,

    /// <summary>The server sent a malformed, oversized or unexpected message.</summary>
    Malformed = 5,

    /// <summary>The connection to the server closed or broke, or the client was disposed.</summary>
    ConnectionLost = 6,

    /// <summary>The nonce went stale more often than the retry bound allows.</summary>
    TooManyRetries = 7,
}
