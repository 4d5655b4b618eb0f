namespace Ipv8.Connectivity.Stun;

/// <summary>One STUN attribute: its type and its value (without padding).</summary>
/// <param name="Type">The attribute type (see <see cref="StunAttributeType"/>).</param>
/// <param name="Value">The value bytes, at most <see cref="StunMessage.MaxMessageLength"/> long.</param>
public readonly record struct StunAttribute(ushort Type, ReadOnlyMemory<byte> Value);
