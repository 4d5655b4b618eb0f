namespace Ipv8.Keys;

/// <summary>Thrown when bytes that should be a key bin are not one; the message says what was wrong (never the key bytes).</summary>
public class KeyFormatException : FormatException
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public KeyFormatException()
        : base("Malformed key bin.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    public KeyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    public KeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
