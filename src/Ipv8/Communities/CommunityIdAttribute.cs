namespace Ipv8.Communities;

/// <summary>
/// Declares the community id of a community class. A <see cref="Fixed"/> id (the default; a well-known overlay such as
/// <c>DiscoveryCommunity</c>) is the only one the class accepts: the launcher gives it when a definition names no
/// <c>community_id</c> and refuses a definition that names another, and the constructor refuses settings with another
/// id. A non-fixed id is only the default: the launcher gives it when no <c>community_id</c> is configured.
/// </summary>
/// <param name="hex">The id as 40 hexadecimal digits.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CommunityIdAttribute(string hex) : Attribute
{
    /// <summary>Gets the id as 40 lower-case hexadecimal digits.</summary>
    public string Hex { get; } = hex?.ToLowerInvariant() ?? throw new ArgumentNullException(nameof(hex));

    /// <summary>Gets a value indicating whether the class accepts no other id. Default true.</summary>
    public bool Fixed { get; init; } = true;
}
