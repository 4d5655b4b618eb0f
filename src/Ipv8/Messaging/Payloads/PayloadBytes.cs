namespace Ipv8.Messaging.Payloads;

/// <summary>Copies received byte fields into memory owned by a payload, without allocating for empty fields.</summary>
internal static class PayloadBytes
{
    /// <summary>Returns a copy of <paramref name="bytes"/>, or empty memory (no allocation) when it is empty.</summary>
    public static ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? ReadOnlyMemory<byte>.Empty : bytes.ToArray();
}
