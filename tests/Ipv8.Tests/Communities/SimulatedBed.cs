using Ipv8.Bootstrapping;
using Ipv8.Simulation;

namespace Ipv8.Tests.Communities;

/// <summary>A test bed: a seeded <see cref="SimulatedNetwork"/> on a <see cref="VirtualClock"/>, overlays on it, and a log of sent datagrams.</summary>
internal sealed class SimulatedBed(int seed = 1)
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    public SimulatedNetwork Network { get; } = new(new SimulatedNetworkOptions { Seed = seed });

    public VirtualClock Clock => Network.Clock;

    public List<SentDatagram> Sent { get; } = [];

    public async Task<TestOverlay> AddAsync(int keySeed, NatType nat = NatType.None, int maxPeers = 30, IReadOnlyList<IBootstrapper>? bootstrappers = null, bool trust = true)
    {
        var endpoint = new RecordingEndpoint(Network.CreateEndpoint(nat), Sent);
        return await TestOverlay.CreateAsync(endpoint, keySeed, maxPeers, clock: Clock, bootstrappers: bootstrappers, trust: trust);
    }

    /// <summary>Adds an overlay on a host placed as <paramref name="host"/> says (e.g. another port of an existing host).</summary>
    public async Task<TestOverlay> AddAsync(int keySeed, SimulatedHostOptions host, bool trust = true)
    {
        var endpoint = new RecordingEndpoint(Network.CreateEndpoint(host), Sent);
        return await TestOverlay.CreateAsync(endpoint, keySeed, 30, clock: Clock, trust: trust);
    }

    /// <summary>
    /// Skips public addresses until the next one handed out is the first host of the /24 after the current one (the skipped
    /// endpoints stay closed), so the following hosts share a /24 prefix that no earlier host has.
    /// </summary>
    public void SkipToNextPrefix()
    {
        while (true)
        {
            var skipped = Network.CreateEndpoint();
            if ((skipped.Address.IPv4Value & 0xFF) == 0)
            {
                return;
            }
        }
    }

    public void Advance(int ticks = 1)
    {
        for (var i = 0; i < ticks; i++)
        {
            Clock.Advance(Tick);
        }
    }
}
