namespace Ipv8.Keys;

/// <summary>Argument checks shared by the <see cref="ISignatureBackend"/> implementations.</summary>
internal static class BackendArguments
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="value"/> is exactly <paramref name="length"/> bytes.</summary>
    internal static void CheckLength(ReadOnlySpan<byte> value, int length, string name)
    {
        if (value.Length != length)
            throw new ArgumentException($"Expected exactly {length} bytes, got {value.Length}.", name);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="value"/> has room for <paramref name="length"/> bytes.</summary>
    internal static void CheckAtLeast(Span<byte> value, int length, string name)
    {
        if (value.Length < length)
            throw new ArgumentException($"Expected room for {length} bytes, got {value.Length}.", name);
    }
}
