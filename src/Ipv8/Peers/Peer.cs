using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Peers;

/// <summary>
/// A remote (or the own) identity as py-ipv8 tracks it (spec 6.1): public key, mid, one address slot per family
/// plus a LAN slot, liveness and round-trip samples. Equality is by public key bin.
/// </summary>
/// <remarks>
/// Not thread-safe on its own: peers held by a <see cref="Network"/> are mutated under
/// <see cref="Network.SyncRoot"/>. <see cref="LastResponse"/> is read and written atomically.
/// </remarks>
public class Peer : IEquatable<Peer>
{
    /// <summary>The number of round-trip samples kept (py-ipv8 keeps 5).</summary>
    public const int MaxPings = 5;

    // Every network holds one Peer per verified peer (thousands of simulated peers hold ~25 each), so the object is kept
    // small (144 bytes instead of 232): an empty address slot is UdpAddress.Zero instead of a null Nullable (a slot never
    // holds the zero address: AddAddress and SetLanAddress ignore it), the preferred address is computed rather than
    // stored (the initial address is always in a slot unless it is zero), the creation time is kept as UTC ticks plus
    // its offset, and the ping ring's positions are bytes.
    // Allocated at the first sample: most peers of a walk-only overlay are never pinged (64 bytes per peer saved).
    private TimeSpan[]? _pings;
    private UdpAddress _ipv4;
    private UdpAddress _ipv6;
    private UdpAddress _lan;
    private readonly long _creationUtcTicks;
    private long _lastResponseTicks = long.MinValue;
    private readonly short _creationOffsetMinutes;
    private byte _pingCount;
    private byte _pingNext;

    /// <summary>Creates a peer for <paramref name="key"/> reached at <paramref name="address"/>.</summary>
    /// <param name="key">The peer's public key; its key bin is the identity.</param>
    /// <param name="address">The initial address (<see cref="UdpAddress.Zero"/> when unknown: no slot is filled).</param>
    /// <param name="creationTime">When the peer object was created (from the overlay's <see cref="TimeProvider"/>).</param>
    public Peer(PublicKey key, UdpAddress address = default, DateTimeOffset creationTime = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        PublicKey = key;
        _creationUtcTicks = creationTime.UtcTicks;
        _creationOffsetMinutes = (short)creationTime.TotalOffsetMinutes;
        if (!address.IsZero)
        {
            SetSlot(address);
        }
    }

    /// <summary>Gets the public key.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>Gets the member id (SHA-1 of the key bin, 20 bytes).</summary>
    public ReadOnlySpan<byte> Mid => PublicKey.Mid;

    /// <summary>
    /// Gets the preferred address: the IPv6 slot, else the IPv4 slot, else the initial address
    /// (<see cref="UdpAddress.Zero"/> by default). The LAN slot is never preferred.
    /// </summary>
    public UdpAddress Address => _ipv6.IsIPv6 ? _ipv6 : _ipv4;

    /// <summary>Gets the IPv4 address slot, if filled.</summary>
    public UdpAddress? IPv4Address => _ipv4.IsZero ? null : _ipv4;

    /// <summary>Gets the IPv6 address slot, if filled.</summary>
    public UdpAddress? IPv6Address => _ipv6.IsIPv6 ? _ipv6 : null;

    /// <summary>Gets the LAN address the peer reported for itself, if any (never the preferred address).</summary>
    public UdpAddress? LanAddress => _lan.IsZero ? null : _lan;

    /// <summary>Gets when this peer object was created.</summary>
    public DateTimeOffset CreationTime
        => new DateTimeOffset(_creationUtcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(_creationOffsetMinutes));

    /// <summary>
    /// Gets or sets when a datagram from one of the peer's addresses last reached a community
    /// (py-ipv8 <c>last_response</c>); null when never (py-ipv8's 0, for peers created from received data).
    /// </summary>
    public DateTimeOffset? LastResponse
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastResponseTicks);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }

        set => Interlocked.Exchange(ref _lastResponseTicks, value is { } v ? v.UtcTicks : long.MinValue);
    }

    /// <summary>Gets or sets a value indicating whether the peer speaks the new (IPv6-capable) introduction format (spec 5.8).</summary>
    public bool NewStyleIntro { get; set; }

    /// <summary>Gets or sets a value indicating whether address updates are ignored.</summary>
    public bool AddressFrozen { get; set; }

    /// <summary>Gets the number of round-trip samples held (at most <see cref="MaxPings"/>).</summary>
    public int PingCount => _pingCount;

    /// <summary>Gets the held round-trip samples, oldest first (a new array).</summary>
    public TimeSpan[] GetPings()
    {
        if (_pings is null)
        {
            return [];
        }

        var result = new TimeSpan[_pingCount];
        var start = _pingCount < MaxPings ? 0 : _pingNext;
        for (var i = 0; i < _pingCount; i++)
        {
            result[i] = _pings[(start + i) % MaxPings];
        }

        return result;
    }

    /// <summary>
    /// Gets or sets the owning network, which is told about address changes so its address index stays right.
    /// Set by <see cref="Network"/> while the peer is verified there.
    /// </summary>
    internal Network? Owner { get; set; }

    /// <summary>Gets or sets the owning network's service set of this peer (a shortcut past the key-bin lookup).</summary>
    internal ServiceSet? Services { get; set; }

    /// <summary>
    /// Stores <paramref name="address"/> in the slot of its family (overwriting it) and recomputes
    /// <see cref="Address"/>. Ignored when <see cref="AddressFrozen"/> or when the address is zero.
    /// </summary>
    public void AddAddress(UdpAddress address)
    {
        if (AddressFrozen || address.IsZero)
        {
            return;
        }

        var old = address.IsIPv6 ? IPv6Address : IPv4Address;
        if (old == address)
        {
            return;
        }

        SetSlot(address);
        Owner?.OnPeerAddressChanged(this, old, address);
    }

    /// <summary>Sets the LAN slot (spec 5.10 step 3). Ignored when <see cref="AddressFrozen"/> or zero.</summary>
    public void SetLanAddress(UdpAddress address)
    {
        if (AddressFrozen || address.IsZero || _lan == address)
        {
            return;
        }

        var old = LanAddress;
        _lan = address;
        Owner?.OnPeerAddressChanged(this, old, address);
    }

    /// <summary>Calls <paramref name="action"/> for every filled address slot (IPv4, IPv6, LAN) without allocating.</summary>
    public void ForEachAddress<TState>(TState state, Action<TState, UdpAddress> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!_ipv4.IsZero)
        {
            action(state, _ipv4);
        }

        if (_ipv6.IsIPv6)
        {
            action(state, _ipv6);
        }

        if (!_lan.IsZero)
        {
            action(state, _lan);
        }
    }

    /// <summary>Returns true when <paramref name="address"/> is in any slot of this peer.</summary>
    public bool HasAddress(UdpAddress address) => !address.IsZero && (_ipv4 == address || _ipv6 == address || _lan == address);

    /// <summary>Appends a round-trip sample, dropping the oldest when <see cref="MaxPings"/> are held.</summary>
    public void AddPing(TimeSpan roundTrip)
    {
        _pings ??= new TimeSpan[MaxPings];
        _pings[_pingNext] = roundTrip;
        _pingNext = (byte)((_pingNext + 1) % MaxPings);
        if (_pingCount < MaxPings)
        {
            _pingCount++;
        }
    }

    /// <summary>Returns the median round-trip time (the mean of the middle two for an even count); null without samples.</summary>
    public TimeSpan? GetMedianPing()
    {
        if (_pingCount == 0 || _pings is null)
        {
            return null;
        }

        Span<long> ticks = stackalloc long[MaxPings];
        for (var i = 0; i < _pingCount; i++)
        {
            ticks[i] = _pings[i].Ticks;
        }

        ticks = ticks[.._pingCount];
        ticks.Sort();
        var mid = _pingCount / 2;
        return _pingCount % 2 == 1
            ? TimeSpan.FromTicks(ticks[mid])
            : TimeSpan.FromTicks((ticks[mid - 1] + ticks[mid]) / 2);
    }

    /// <summary>Returns the mean round-trip time; null without samples.</summary>
    public TimeSpan? GetAveragePing()
    {
        if (_pingCount == 0 || _pings is null)
        {
            return null;
        }

        long sum = 0;
        for (var i = 0; i < _pingCount; i++)
        {
            sum += _pings[i].Ticks;
        }

        return TimeSpan.FromTicks(sum / _pingCount);
    }

    /// <inheritdoc/>
    public bool Equals(Peer? other) => other is not null && (ReferenceEquals(this, other) || PublicKey.Equals(other.PublicKey));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Peer other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => PublicKey.GetHashCode();

    /// <summary>Formats as <c>Peer&lt;address, mid&gt;</c>.</summary>
    public override string ToString() => $"Peer<{Address}, {PublicKey.MidHex}>";

    private void SetSlot(UdpAddress address)
    {
        if (address.IsIPv6)
        {
            _ipv6 = address;
        }
        else
        {
            _ipv4 = address;
        }
    }
}
