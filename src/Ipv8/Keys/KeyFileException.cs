namespace Ipv8.Keys;

/// <summary>
/// Thrown when a key file cannot be read, parsed or written. The message names the file and the reason;
/// the file itself is left as it was.
/// </summary>
public class KeyFileException : IOException
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public KeyFileException()
        : base("Key file error.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    public KeyFileException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    public KeyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for <paramref name="filePath"/> with a reason.</summary>
    public KeyFileException(string filePath, string reason, Exception? innerException)
        : base($"Key file '{filePath}': {reason}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>Gets the path of the key file concerned, when known.</summary>
    public string? FilePath { get; }
}
