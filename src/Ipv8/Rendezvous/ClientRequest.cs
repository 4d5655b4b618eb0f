using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>One outstanding client request of a <see cref="RendezvousCommunity"/> (REGISTER, UNREGISTER or a paginated DISCOVER).</summary>
internal sealed class ClientRequest(ClientRequestKind kind, UdpAddress point, string ns)
{
    public ClientRequestKind Kind { get; } = kind;

    public UdpAddress Point { get; } = point;

    public string Namespace { get; } = ns;

    public uint Identifier { get; set; }

    public string TimerName { get; set; } = string.Empty;

    /// <summary>Gets or sets a value indicating whether the request waits for the point to answer our walk (which proves us there).</summary>
    public bool AwaitingProof { get; set; }

    public SignedPeerRecord? Record { get; init; }

    public uint TtlSeconds { get; init; }

    public int Limit { get; init; }

    public ReadOnlyMemory<byte> Cookie { get; set; }

    public List<SignedPeerRecord> Records { get; } = [];

    public HashSet<string> SeenKeys { get; } = new(StringComparer.Ordinal);

    public int Pages { get; set; }

    /// <summary>Gets the callback of a REGISTER (called once, under the network lock).</summary>
    public Action<RegisterResult>? RegisterDone { get; init; }

    /// <summary>Gets the callback of an UNREGISTER (true once sent).</summary>
    public Action<bool>? UnregisterDone { get; init; }

    /// <summary>Gets the callback of a DISCOVER (after the last page).</summary>
    public Action<DiscoverResult>? DiscoverDone { get; init; }

    /// <summary>Gets the optional callback of a DISCOVER for each page's new, checked records (before the next page is asked for).</summary>
    public Action<IReadOnlyList<SignedPeerRecord>>? DiscoverPage { get; init; }

    /// <summary>Completes the request as failed (no answer, or the overlay unloaded).</summary>
    public void Fail()
    {
        RegisterDone?.Invoke(new RegisterResult(null, TimeSpan.Zero));
        UnregisterDone?.Invoke(false);
        DiscoverDone?.Invoke(new DiscoverResult([.. Records], null, Pages));
    }
}
