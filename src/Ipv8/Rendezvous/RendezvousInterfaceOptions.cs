using System.Globalization;
using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>Settings of a <see cref="RendezvousInterface"/> (file shape: <c>init: { rendezvous_points: [["127.0.0.1", 18100]] }</c>).</summary>
public sealed record RendezvousInterfaceOptions : IValidatableOptions
{
    /// <summary>Gets the rendezvous points to register at and discover from. Required: at least one, none zero.</summary>
    public IReadOnlyList<UdpAddress> RendezvousPoints { get; init; } = [];

    /// <summary>Gets the TTL asked for when registering. Default 2 hours; must be in (0, 72 h].</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Gets the most records asked of each point per request. Default 1,000; must be in [1, 1,000].</summary>
    public int DiscoverLimit { get; init; } = RendezvousOptions.MaxDiscoverLimit;

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RendezvousPoints.Count == 0)
        {
            errors.Add("rendezvous_points must list at least one address");
        }

        errors.AddRange(RendezvousPoints.Where(p => p.IsZero || p.Port == 0).Select(p => string.Create(CultureInfo.InvariantCulture, $"rendezvous_points: {p} is not a usable address")));
        if (Ttl <= TimeSpan.Zero || Ttl > RendezvousOptions.MaxTtl)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ttl must be greater than 0 and at most 72 h (was {Ttl.TotalSeconds} s)"));
        }

        if (DiscoverLimit is < 1 or > RendezvousOptions.MaxDiscoverLimit)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"discover_limit must be between 1 and {RendezvousOptions.MaxDiscoverLimit} (was {DiscoverLimit})"));
        }

        return errors;
    }
}
