using Ipv8.Communities;
using Ipv8.Peers;

namespace SampleChat;

/// <summary>
/// A small chat overlay: a peer greets every peer that answers its introduction requests, once, with a signed
/// <see cref="ChatMessagePayload"/>; every received line is kept in a bounded inbox, logged, and acknowledged with a
/// <see cref="ChatAckPayload"/>. Applications call <see cref="Send"/> or <see cref="Broadcast"/>.
/// </summary>
/// <remarks>
/// <para>Community id <see cref="DefaultCommunityIdHex"/> ("Launcher sample chat", declared with
/// <see cref="CommunityIdAttribute"/>), unless the configuration gives a <c>community_id</c>: then that one is used, so
/// separate rooms are separate overlays.</para>
/// <para>Hostile input: chat lines and acks are accepted only from verified peers of this overlay (others are counted as
/// <see cref="Ipv8.Messaging.DropReason.Unexpected"/>, and nothing is sent back to them); duplicates (same author and
/// global time) are dropped as <see cref="Ipv8.Messaging.DropReason.Unexpected"/>; malformed or oversized payloads are
/// counted by the payload's reason. The inbox, the duplicate filter, the greeted set and the unacknowledged set are
/// bounded (oldest forgotten first).</para>
/// <para>Threading: handlers run under <see cref="Network.SyncRoot"/>; the public members take that lock themselves.</para>
/// </remarks>
[CommunityId(DefaultCommunityIdHex, Fixed = false)]
public sealed partial class ChatCommunity : Community
{
    /// <summary>The default community id, 40 hex digits: ASCII "Launcher sample chat".</summary>
    public const string DefaultCommunityIdHex = "4c61756e636865722073616d706c652063686174";

    /// <summary>The number of received lines the inbox keeps (100).</summary>
    public const int InboxCapacity = 100;

    /// <summary>The bound of each tracking set: greeted peers, recently seen messages, unacknowledged messages (1024).</summary>
    public const int TrackingCapacity = 1024;

    private readonly BoundedQueue<ChatMessage> _inbox = new(InboxCapacity);
    private readonly BoundedSet<string> _greeted = new(TrackingCapacity);
    private readonly BoundedSet<(string Mid, ulong GlobalTime)> _seen = new(TrackingCapacity);
    private readonly BoundedSet<(string Mid, ulong GlobalTime)> _unacknowledged = new(TrackingCapacity);

    /// <summary>Creates the chat overlay and registers its two message handlers.</summary>
    /// <param name="settings">The settings, with the community id to use (the launcher gives <see cref="DefaultCommunityIdHex"/> when none is configured).</param>
    /// <exception cref="ArgumentException">The community id is not 20 bytes.</exception>
    public ChatCommunity(CommunitySettings settings)
        : base(settings)
    {
        AddSignedHandler<ChatMessagePayload>(ChatMessagePayload.MessageId, OnChatMessage);
        AddSignedHandler<ChatAckPayload>(ChatAckPayload.MessageId, OnChatAck);
    }

    /// <summary>Gets the number of chat lines sent (greetings included).</summary>
    public long MessagesSent { get; private set; }

    /// <summary>Gets the number of chat lines accepted into the inbox.</summary>
    public long MessagesReceived { get; private set; }

    /// <summary>Gets the number of acknowledgements that matched a line we sent.</summary>
    public long AcksReceived { get; private set; }

    /// <summary>Returns the inbox, oldest first (a copy; at most <see cref="InboxCapacity"/> lines).</summary>
    /// <returns>The received lines.</returns>
    public IReadOnlyList<ChatMessage> GetMessages()
    {
        lock (Network.SyncRoot)
        {
            return _inbox.ToList();
        }
    }

    /// <summary>Sends a signed chat line to <paramref name="peer"/> and remembers it until acknowledged.</summary>
    /// <param name="peer">The recipient (its preferred address is used).</param>
    /// <param name="text">The text: 1 to <see cref="ChatMessagePayload.MaxTextBytes"/> UTF-8 bytes, no control characters.</param>
    /// <returns>False when the endpoint refused the datagram (counted there).</returns>
    /// <exception cref="ArgumentException">The text is empty, too long or contains control characters.</exception>
    public bool Send(Peer peer, string text)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (ChatMessagePayload.Check(text) is { } problem)
        {
            throw new ArgumentException(problem, nameof(text));
        }

        lock (Network.SyncRoot)
        {
            var globalTime = MyPeer.ClaimGlobalTime();
            _unacknowledged.Add((peer.PublicKey.MidHex, globalTime));
            MessagesSent++;
            return SendSigned(peer.Address, ChatMessagePayload.MessageId, new ChatMessagePayload(text), globalTime);
        }
    }

    /// <summary>Sends <paramref name="text"/> to every verified peer of this overlay.</summary>
    /// <param name="text">The text (see <see cref="Send"/>).</param>
    /// <returns>The number of peers it was sent to.</returns>
    /// <exception cref="ArgumentException">The text is empty, too long or contains control characters.</exception>
    public int Broadcast(string text)
    {
        if (ChatMessagePayload.Check(text) is { } problem)
        {
            throw new ArgumentException(problem, nameof(text));
        }

        lock (Network.SyncRoot)
        {
            var sent = 0;
            foreach (var peer in GetPeers())
            {
                sent += Send(peer, text) ? 1 : 0;
            }

            return sent;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Greets the responder once. Only the side that receives a response greets: the responder verified us before it
    /// answered, whereas a greeting sent on receipt of a request could overtake the response and arrive before the
    /// requester has verified us (and be dropped). Each side greets when its own walk is first answered.
    /// </remarks>
    protected override void OnIntroductionResponse(Peer peer, in IntroductionResponseInfo response) => Greet(peer);
}
