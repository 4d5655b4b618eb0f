using Ipv8.Keys;

namespace Ipv8.Connectivity.Ladder;

/// <summary>
/// Carries connection requests between nodes that cannot (yet) open a pipe: over the overlay, a relay, or in
/// memory for tests. Implementations authenticate the sender: the handler's <c>from</c> is the key that really
/// sent the request.
/// </summary>
public interface ISignallingChannel
{
    /// <summary>Sends <paramref name="request"/> to <paramref name="to"/> and waits for its reply.</summary>
    /// <exception cref="RungFailedException">The peer cannot be reached through this channel.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, or no reply in time.</exception>
    Task<SignalReply> RequestAsync(PublicKey to, SignalRequest request, CancellationToken cancellationToken);

    /// <summary>Sets the handler of incoming requests (replacing any previous one); <c>from</c> is the authenticated sender.</summary>
    void SetHandler(Func<PublicKey, SignalRequest, CancellationToken, Task<SignalReply>> handler);
}
