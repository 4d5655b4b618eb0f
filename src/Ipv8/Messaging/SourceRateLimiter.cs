namespace Ipv8.Messaging;

/// <summary>
/// Admission control for received datagrams, applied before any expensive work (signature verification): a token
/// bucket per source address, one per source prefix (/24 IPv4, /56 IPv6 by default) and a global budget, each with
/// a rate and a burst from <see cref="ReceiveLimitOptions"/>. Bucket tables are bounded (least recently seen evicted).
/// </summary>
/// <remarks>
/// <para>A trusted source (for a community: the address of a verified peer) passes its own address bucket only; an
/// unproven source passes its address bucket, then its prefix bucket, then the global budget. A token taken at an
/// earlier stage is not returned when a later stage refuses.</para>
/// <para>Thread-safe (one lock), so one instance may be shared by the overlays of one endpoint. Does not allocate
/// once its tables are full. Time comes from the <see cref="TimeProvider"/> (virtual in simulations).</para>
/// </remarks>
public sealed class SourceRateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TokenBucketTable<UdpAddress> _addresses;
    private readonly TokenBucketTable<UdpAddress> _prefixes;
    private readonly TokenRate _globalRate;
    private readonly uint _ipv4Mask;
    private TokenBucket _global;

    /// <summary>Creates a limiter with full buckets.</summary>
    /// <param name="options">The limits (validated).</param>
    /// <param name="timeProvider">The clock; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SourceRateLimiter(ReceiveLimitOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        var frequency = _time.TimestampFrequency;
        _addresses = new TokenBucketTable<UdpAddress>(options.MaxAddresses, new TokenRate(options.AddressRate, options.AddressBurst, frequency), TableFullPolicy.EvictLeastRecentlyUsed, reuseIdleSlots: true);
        _prefixes = new TokenBucketTable<UdpAddress>(options.MaxPrefixes, new TokenRate(options.PrefixRate, options.PrefixBurst, frequency), TableFullPolicy.EvictLeastRecentlyUsed, reuseIdleSlots: true);
        _globalRate = new TokenRate(options.GlobalRate, options.GlobalBurst, frequency);
        _ipv4Mask = options.IPv4PrefixLength == 32 ? uint.MaxValue : ~(uint.MaxValue >> options.IPv4PrefixLength);
        _global = TokenBucket.Full(_globalRate, _time.GetTimestamp());
    }

    /// <summary>Gets the limits.</summary>
    public ReceiveLimitOptions Options { get; }

    /// <summary>Gets what was admitted and refused.</summary>
    public CounterSet<ReceiveLimiterCounter> Counters { get; } = new();

    /// <summary>Gets the number of source addresses that currently have a bucket.</summary>
    public int AddressCount
    {
        get
        {
            lock (_gate)
            {
                return _addresses.Count;
            }
        }
    }

    /// <summary>Gets the number of prefixes that currently have a bucket.</summary>
    public int PrefixCount
    {
        get
        {
            lock (_gate)
            {
                return _prefixes.Count;
            }
        }
    }

    /// <summary>
    /// Decides whether a datagram of <paramref name="length"/> bytes from <paramref name="source"/> may be processed,
    /// and counts the decision. Never throws.
    /// </summary>
    /// <param name="source">The sender's address.</param>
    /// <param name="length">The datagram's length (counted, not limited).</param>
    /// <param name="trusted">True when the source is known good (skips the prefix and global budgets).</param>
    /// <param name="reason">When refused: <see cref="DropReason.RateLimitedAddress"/>, <see cref="DropReason.RateLimitedPrefix"/> or <see cref="DropReason.RateLimitedGlobal"/>.</param>
    /// <returns>True when admitted.</returns>
    public bool TryAdmit(UdpAddress source, int length, bool trusted, out DropReason reason)
    {
        reason = default;
        if (!Options.Enabled)
        {
            CountAdmitted(length, trusted);
            return true;
        }

        var now = _time.GetTimestamp();
        var admitted = true;
        bool addressEvicted, prefixEvicted = false;
        lock (_gate)
        {
            if (!_addresses.TryTake(source, now, 0, out addressEvicted))
            {
                admitted = false;
                reason = DropReason.RateLimitedAddress;
            }
            else if (!trusted && !_prefixes.TryTake(PrefixOf(source), now, 0, out prefixEvicted))
            {
                admitted = false;
                reason = DropReason.RateLimitedPrefix;
            }
            else if (!trusted && !_global.TryTake(_globalRate, now))
            {
                admitted = false;
                reason = DropReason.RateLimitedGlobal;
            }
        }

        if (addressEvicted)
        {
            Counters.Increment(ReceiveLimiterCounter.AddressesEvicted);
        }

        if (prefixEvicted)
        {
            Counters.Increment(ReceiveLimiterCounter.PrefixesEvicted);
        }

        if (!admitted)
        {
            Counters.Increment(reason switch
            {
                DropReason.RateLimitedAddress => ReceiveLimiterCounter.DroppedAddress,
                DropReason.RateLimitedPrefix => ReceiveLimiterCounter.DroppedPrefix,
                _ => ReceiveLimiterCounter.DroppedGlobal,
            });
            Counters.Add(ReceiveLimiterCounter.DroppedBytes, length);
            return false;
        }

        CountAdmitted(length, trusted);
        return true;
    }

    /// <summary>Like <see cref="TryAdmit(UdpAddress, int, bool, out DropReason)"/>, without the reason.</summary>
    public bool TryAdmit(UdpAddress source, int length, bool trusted) => TryAdmit(source, length, trusted, out _);

    /// <summary>
    /// Forgets the address bucket of <paramref name="source"/> (e.g. once it is proven and limited elsewhere); its prefix
    /// bucket stays. Returns false when it had none.
    /// </summary>
    public bool Forget(UdpAddress source)
    {
        lock (_gate)
        {
            return _addresses.Remove(source);
        }
    }

    /// <summary>Returns the prefix <paramref name="source"/> is grouped under: its IP masked to the prefix length, port 0.</summary>
    public UdpAddress PrefixOf(UdpAddress source)
    {
        if (!source.IsIPv6)
        {
            return UdpAddress.FromIPv4(source.IPv4Value & _ipv4Mask, 0);
        }

        Span<byte> bytes = stackalloc byte[16];
        source.WriteIPv6Bytes(bytes);
        var bits = Options.IPv6PrefixLength;
        for (var i = 0; i < 16; i++)
        {
            var keep = Math.Clamp(bits - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF00 >> keep);
        }

        return UdpAddress.FromIPv6(bytes, 0);
    }

    private void CountAdmitted(int length, bool trusted)
    {
        Counters.Increment(ReceiveLimiterCounter.Admitted);
        Counters.Add(ReceiveLimiterCounter.AdmittedBytes, length);
        if (trusted)
        {
            Counters.Increment(ReceiveLimiterCounter.AdmittedTrusted);
        }
    }
}
