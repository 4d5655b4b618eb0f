namespace Ipv8.Communities;

/// <summary>
/// Declares the community id every instance of a community class uses (a well-known overlay such as
/// <c>DiscoveryCommunity</c>). The launcher gives it to the class when a definition names no <c>community_id</c>, and
/// refuses a definition that names a different one; the class's constructor refuses settings with another id.
/// </summary>
/// <param name="hex">The id as 40 hexadecimal digits.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CommunityIdAttribute(string hex) : Attribute
{
    /// <summary>Gets the id as 40 lower-case hexadecimal digits.</summary>
    public string Hex { get; } = hex?.ToLowerInvariant() ?? throw new ArgumentNullException(nameof(hex));

    /// <summary>Gets the 20-byte id.</summary>
    public ReadOnlyMemory<byte> Id => Convert.FromHexString(Hex);
}
