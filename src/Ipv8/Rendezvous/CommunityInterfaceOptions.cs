using System.Globalization;

namespace Ipv8.Rendezvous;

/// <summary>Settings of a <see cref="CommunityInterface"/>: which community stands for which namespace.</summary>
public sealed record CommunityInterfaceOptions : IValidatableOptions
{
    /// <summary>
    /// Gets the community id (40 hex digits) of each namespace. A namespace not listed here is looked up as a community id
    /// itself when it is 40 hex digits, else finds nothing. Default empty.
    /// </summary>
    public IReadOnlyDictionary<string, string> Namespaces { get; init; } = new Dictionary<string, string>();

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (ns, id) in Namespaces)
        {
            if (SignedPeerRecord.CheckNamespace(ns) is { } problem)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"namespaces: '{ns}': {problem}"));
            }

            if (!CommunityInterface.TryParseCommunityId(id, out _))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"namespaces: '{ns}': community id must be 40 hex digits (was '{id}')"));
            }
        }

        return errors;
    }
}
