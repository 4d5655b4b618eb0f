using System.Globalization;
using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>Settings of a <see cref="LanBroadcastInterface"/>.</summary>
public sealed record LanBroadcastOptions : IValidatableOptions
{
    /// <summary>Gets where announcements go: the LAN's broadcast address and the port the nodes listen on. Required (non-zero).</summary>
    public UdpAddress BroadcastAddress { get; init; }

    /// <summary>Gets how often each advertised namespace is announced. Default 30 s; must be &gt; 0.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how long an announced record is valid (a peer that stops announcing is forgotten after it). Default 5 minutes; must be in [Interval, 72 h].</summary>
    public TimeSpan RecordTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the most namespaces announced (more advertisements fail). Default 16; must be in [1, 64].</summary>
    public int MaxNamespaces { get; init; } = 16;

    /// <summary>Gets the most received records kept (the one expiring first is dropped when full). Default 1,000; must be ≥ 1.</summary>
    public int MaxRecords { get; init; } = 1000;

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BroadcastAddress.IsZero || BroadcastAddress.Port == 0)
        {
            errors.Add("broadcast_address must be an address with a port");
        }

        if (Interval <= TimeSpan.Zero)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"interval must be greater than 0 (was {Interval.TotalSeconds} s)"));
        }

        if (RecordTtl < Interval || RecordTtl > RendezvousOptions.MaxTtl)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"record_ttl must be between interval and 72 h (was {RecordTtl.TotalSeconds} s)"));
        }

        if (MaxNamespaces is < 1 or > 64)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"max_namespaces must be between 1 and 64 (was {MaxNamespaces})"));
        }

        if (MaxRecords < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"max_records must be at least 1 (was {MaxRecords})"));
        }

        return errors;
    }
}
