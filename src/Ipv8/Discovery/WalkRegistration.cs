using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Discovery;

/// <summary>
/// One (strategy, target peers) pair registered with a <see cref="WalkLoop"/> (py-ipv8 <c>add_strategy</c>). Returned by
/// <see cref="WalkLoop.Add"/>; pass it to <see cref="WalkLoop.Remove"/> to stop stepping it.
/// </summary>
public sealed class WalkRegistration
{
    private long _steps;
    private long _failures;

    internal WalkRegistration(WalkLoop loop, IDiscoveryOverlay overlay, IDiscoveryStrategy strategy, int targetPeers, IEndpoint? endpoint, TimeSpan phaseOffset)
    {
        Loop = loop;
        Overlay = overlay;
        Strategy = strategy;
        TargetPeers = targetPeers;
        Endpoint = endpoint;
        PhaseOffset = phaseOffset;
        Service = ServiceId.From(overlay.CommunityId.Span);
        StrategyName = strategy.GetType().Name;
    }

    /// <summary>Gets the overlay whose peer count decides whether the strategy runs.</summary>
    public IDiscoveryOverlay Overlay { get; }

    /// <summary>Gets the strategy.</summary>
    public IDiscoveryStrategy Strategy { get; }

    /// <summary>Gets the target peer count: the strategy steps only while the overlay has fewer peers; -1 means always.</summary>
    public int TargetPeers { get; }

    /// <summary>Gets the endpoint that must be open for the strategy to step; null when not checked.</summary>
    public IEndpoint? Endpoint { get; }

    /// <summary>Gets the registration's offset within the walker interval (its first step comes this long after it starts).</summary>
    public TimeSpan PhaseOffset { get; }

    /// <summary>Gets the number of steps taken (including those that threw).</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>Gets the number of steps that threw.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Gets a value indicating whether the registration is still in its loop.</summary>
    public bool IsRegistered { get; internal set; } = true;

    internal WalkLoop Loop { get; }

    internal ServiceId Service { get; }

    internal string StrategyName { get; }

    internal ITimer? Timer { get; set; }

    internal void CountStep() => Interlocked.Increment(ref _steps);

    internal long CountFailure() => Interlocked.Increment(ref _failures);

    internal void Fire() => Loop.Tick(this);
}
