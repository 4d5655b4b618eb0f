using Ipv8.Keys;

namespace Ipv8.Connectivity.Ladder;

/// <summary>One node's end of an <see cref="InMemorySignallingHub"/>.</summary>
internal sealed class InMemorySignallingChannel(InMemorySignallingHub hub, PublicKey self) : ISignallingChannel
{
    private Func<PublicKey, SignalRequest, CancellationToken, Task<SignalReply>>? _handler;

    public Task<SignalReply> RequestAsync(PublicKey to, SignalRequest request, CancellationToken cancellationToken)
    {
        if (!hub.TryGet(to, out var target) || Volatile.Read(ref target._handler) is not { } handler)
            throw new RungFailedException($"{to.MidHex[..8]} is not reachable through the signalling channel.");
        return handler(self, request, cancellationToken);
    }

    public void SetHandler(Func<PublicKey, SignalRequest, CancellationToken, Task<SignalReply>> handler) =>
        Volatile.Write(ref _handler, handler);
}
