using System.Diagnostics.CodeAnalysis;
using Ipv8.Keys;

namespace Ipv8.Messaging;

/// <summary>
/// Parses the public-key bin of a signed message's auth field, e.g. <see cref="KeyFactory.TryParsePublicKey"/>
/// (pass the method group: <c>factory.TryParsePublicKey</c>). Must not throw on malformed input.
/// </summary>
/// <param name="keyBin">The key bin exactly as received.</param>
/// <param name="key">The parsed key, when the method returns true.</param>
/// <returns>True when the bin is a supported, well-formed public key.</returns>
public delegate bool PublicKeyParser(ReadOnlySpan<byte> keyBin, [NotNullWhen(true)] out PublicKey? key);
