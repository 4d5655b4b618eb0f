namespace Ipv8.Rendezvous;

/// <summary>The outcome of <see cref="RendezvousCommunity.DiscoverAsync"/>: the verified, distinct records of every page received.</summary>
/// <param name="Records">The records that passed <see cref="SignedPeerRecord.Check"/>, one per (key, namespace).</param>
/// <param name="Status">The status of the last page, or null when a page got no answer within the request timeout.</param>
/// <param name="Pages">The number of pages (DISCOVER_RESPONSEs) received.</param>
public sealed record DiscoverResult(IReadOnlyList<SignedPeerRecord> Records, RegistrationStatus? Status, int Pages)
{
    /// <summary>Gets a value indicating whether every page was received (no timeout, no refusal).</summary>
    public bool Complete => Status == RegistrationStatus.Ok;
}
