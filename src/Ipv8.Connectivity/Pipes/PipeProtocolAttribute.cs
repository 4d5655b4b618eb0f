namespace Ipv8.Connectivity.Pipes;

/// <summary>
/// Names the protocol an <see cref="IPipeHandler"/> class serves, so that a launcher can find the class by that name
/// before creating it (the <c>connectivity.handlers</c> list of a configuration file names protocols). The name must
/// equal the instance's <see cref="IPipeHandler.Protocol"/>; a launcher refuses a handler whose instance says otherwise.
/// Without this attribute a handler class is known by its class name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PipeProtocolAttribute : Attribute
{
    /// <summary>Names the protocol.</summary>
    /// <param name="protocol">The protocol name (1..64 bytes of UTF-8, case-sensitive).</param>
    /// <exception cref="ArgumentException"><paramref name="protocol"/> is empty or longer than 64 bytes.</exception>
    public PipeProtocolAttribute(string protocol)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        if (System.Text.Encoding.UTF8.GetByteCount(protocol) > 64)
            throw new ArgumentException("a pipe protocol name has at most 64 bytes of UTF-8", nameof(protocol));
        Protocol = protocol;
    }

    /// <summary>Gets the protocol name.</summary>
    public string Protocol { get; }
}
