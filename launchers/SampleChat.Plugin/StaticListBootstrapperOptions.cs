using Ipv8;
using System.Globalization;
using Ipv8.Messaging;

namespace SampleChat;

/// <summary>Settings of <see cref="StaticListBootstrapper"/>, bound from a bootstrapper's <c>init</c> (snake_case; unknown keys rejected).</summary>
public sealed record StaticListBootstrapperOptions : IValidatableOptions
{
    /// <summary>The most addresses a list may hold (64).</summary>
    public const int MaxAddresses = 64;

    /// <summary>
    /// Gets the addresses to walk to (<c>addresses</c>, each <c>"ip:port"</c> or <c>[ip, port]</c>). Required: 1 to
    /// <see cref="MaxAddresses"/> entries, no port 0. Duplicates are ignored.
    /// </summary>
    public IReadOnlyList<UdpAddress> Addresses { get; init; } = [];

    /// <summary>
    /// Gets whether the addresses are bootstrap servers (trackers) rather than ordinary peers (<c>servers</c>): when true,
    /// they are blacklisted so they never count as peers, and every round walks to all of them; when false, a round skips
    /// addresses already held by a verified peer. Default true.
    /// </summary>
    public bool Servers { get; init; } = true;

    /// <summary>Gets the least time between two rounds that return addresses (<c>interval</c>). Default 5 s; must not be negative.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Addresses is null || Addresses.Count == 0)
        {
            problems.Add("addresses must list at least one address");
        }
        else
        {
            if (Addresses.Count > MaxAddresses)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"addresses may list at most {MaxAddresses} addresses (was {Addresses.Count})"));
            }

            foreach (var address in Addresses.Where(a => a.Port == 0 || a.IsZero))
            {
                problems.Add($"addresses: {address} has no port");
            }
        }

        if (Interval < TimeSpan.Zero)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"interval must not be negative (was {Interval.TotalSeconds} s)"));
        }

        return problems;
    }
}
