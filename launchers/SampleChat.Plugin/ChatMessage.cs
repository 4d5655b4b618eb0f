using Ipv8.Messaging;

namespace SampleChat;

/// <summary>A chat line a <see cref="ChatCommunity"/> received from a verified peer.</summary>
/// <param name="SenderMid">The author's member id (40 hex digits, lower case).</param>
/// <param name="Source">The sender's address as the network knows it (its preferred address; the ack goes there).</param>
/// <param name="GlobalTime">The global time the author claimed for the message.</param>
/// <param name="Text">The text (already validated: 1 to 512 UTF-8 bytes, no control characters).</param>
/// <param name="ReceivedAt">When it arrived, by the overlay's clock.</param>
public sealed record ChatMessage(string SenderMid, UdpAddress Source, ulong GlobalTime, string Text, DateTimeOffset ReceivedAt);
