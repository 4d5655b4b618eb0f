namespace Ipv8.Connectivity.Stun;

/// <summary>A STUN binding transaction failed: no valid answer in time, or an error response.</summary>
public sealed class StunException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public StunException()
    {
    }

    /// <summary>Initializes the exception with a reason.</summary>
    public StunException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a reason and a cause.</summary>
    public StunException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
