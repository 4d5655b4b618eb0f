namespace Ipv8.Connectivity.Stun;

/// <summary>A STUN message or attribute is malformed; the message says which rule it broke.</summary>
public sealed class StunFormatException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public StunFormatException()
    {
    }

    /// <summary>Initializes the exception with a reason.</summary>
    public StunFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a reason and a cause.</summary>
    public StunFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
