using Ipv8.Messaging;
using Ipv8.Peers;

namespace SampleChat;

/// <content>Receiving chat lines and acknowledgements; greeting new peers.</content>
public sealed partial class ChatCommunity
{
    private void OnChatMessage(Peer sender, ulong globalTime, ChatMessagePayload payload)
    {
        var source = sender.Address;
        if (!IsVerifiedMember(sender))
        {
            Drop(DropReason.Unexpected, source);
            return;
        }

        var mid = sender.PublicKey.MidHex;
        if (!_seen.Add((mid, globalTime)))
        {
            Drop(DropReason.Unexpected, source);
            return;
        }

        MessagesReceived++;
        _inbox.Add(new ChatMessage(mid, source, globalTime, payload.Text, TimeProvider.GetUtcNow()));
        Log.Received(Logger, mid[..8], source, payload.Text);
        SendSigned(source, ChatAckPayload.MessageId, new ChatAckPayload(globalTime));
    }

    private void OnChatAck(Peer sender, ulong globalTime, ChatAckPayload payload)
    {
        if (!IsVerifiedMember(sender) || !_unacknowledged.Remove((sender.PublicKey.MidHex, payload.AckedGlobalTime)))
        {
            Drop(DropReason.Unexpected, sender.Address);
            return;
        }

        AcksReceived++;
    }

    /// <summary>Sends the one-time greeting to a verified peer of this overlay (called under the lock).</summary>
    private void Greet(Peer peer)
    {
        if (IsVerifiedMember(peer) && _greeted.Add(peer.PublicKey.MidHex))
        {
            Send(peer, $"hello from {MyPeer.PublicKey.MidHex[..8]}");
        }
    }

    /// <summary>True when <paramref name="peer"/> is the network's verified peer for its key and serves this overlay.</summary>
    private bool IsVerifiedMember(Peer peer)
        => Network.GetVerifiedByPublicKeyBin(peer.PublicKey.KeyBin) is { } verified
           && ReferenceEquals(verified, peer)
           && GetPeers().Contains(peer);
}
