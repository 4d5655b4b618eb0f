using Ipv8.Messaging;
using Ipv8.Peers;

namespace Greeter;

/// <content>Answering greetings, and matching the answers to ours.</content>
public sealed partial class GreeterCommunity
{
    private readonly Queue<(string Mid, ulong GlobalTime)> _answeredOrder = new();
    private readonly HashSet<(string Mid, ulong GlobalTime)> _answered = [];

    private void OnGreeting(Peer sender, ulong globalTime, GreetingPayload payload)
    {
        var mid = sender.PublicKey.MidHex;
        if (!IsVerifiedMember(sender) || !_answered.Add((mid, globalTime)))
        {
            Drop(DropReason.Unexpected, sender.Address);
            return;
        }

        // Bounded duplicate filter: the oldest answered greeting is forgotten first.
        _answeredOrder.Enqueue((mid, globalTime));
        if (_answeredOrder.Count > LogCapacity)
        {
            _answered.Remove(_answeredOrder.Dequeue());
        }

        _greetingsReceived++;
        Remember(_received, new Greeting(mid, payload.Namespace, payload.Text, TimeProvider.GetUtcNow()));
        Log.GreetingReceived(Logger, mid, payload.Namespace, payload.Text);
        SendSigned(sender.Address, GreetingReplyPayload.MessageId, new GreetingReplyPayload(globalTime, $"hello back from {MyPeer.PublicKey.MidHex[..8]}"), MyPeer.ClaimGlobalTime());
    }

    private void OnGreetingReply(Peer sender, ulong globalTime, GreetingReplyPayload payload)
    {
        var mid = sender.PublicKey.MidHex;
        if (!IsVerifiedMember(sender)
            || !_pending.TryGetValue(mid, out var pending)
            || pending.GreetingGlobalTime != payload.GreetingGlobalTime
            || _tour is not { Finished: false } tour)
        {
            Drop(DropReason.Unexpected, sender.Address);
            return;
        }

        _pending.Remove(mid);
        _repliesReceived++;
        tour.Answered++;
        tour.LastProgress = TimeProvider.GetUtcNow();
        Remember(_greeted, new Greeting(mid, pending.Peer.Namespace, payload.Text, tour.LastProgress));
        Log.Greeted(Logger, mid, pending.Peer.Namespace, payload.Text);
    }

    /// <summary>True when <paramref name="peer"/> is the network's verified peer for its key and serves this overlay.</summary>
    private bool IsVerifiedMember(Peer peer)
        => Network.GetVerifiedByPublicKeyBin(peer.PublicKey.KeyBin) is { } verified
           && ReferenceEquals(verified, peer)
           && GetPeers().Contains(peer);
}
