using System.Buffers;
using Ipv8.Keys;

namespace Ipv8.Messaging;

/// <summary>
/// Signed datagrams written under a lock and signed and sent after it is released, in the order they were added, so that
/// the signature (the costly part of an answer) runs in parallel on the receive workers while state changes stay
/// serialized. Not thread-safe: one instance is used by one worker at a time.
/// </summary>
internal sealed class DeferredSignedSends
{
    private readonly List<Item> _items = [];

    /// <summary>Gets the number of datagrams waiting.</summary>
    public int Count => _items.Count;

    /// <summary>Copies <paramref name="body"/> (a message without its signature) to be signed with <paramref name="key"/> and sent to <paramref name="destination"/>.</summary>
    public void Add(UdpAddress destination, ReadOnlySpan<byte> body, PrivateKey key)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(body.Length + key.SignatureLength);
        body.CopyTo(buffer);
        _items.Add(new Item(destination, buffer, body.Length, key));
    }

    /// <summary>Signs and sends every waiting datagram through <paramref name="endpoint"/> in order, then empties the list.</summary>
    /// <returns>How many of them the endpoint accepted (refusals are counted by the endpoint).</returns>
    public int Flush(IEndpoint endpoint)
    {
        var sent = 0;
        try
        {
            foreach (var item in _items)
            {
                var length = MessageFraming.SignInPlace(item.Buffer, item.BodyLength, item.Key);
                if (endpoint.Send(item.Destination, item.Buffer.AsSpan(0, length)))
                {
                    sent++;
                }
            }
        }
        finally
        {
            foreach (var item in _items)
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }

            _items.Clear();
        }

        return sent;
    }

    private readonly record struct Item(UdpAddress Destination, byte[] Buffer, int BodyLength, PrivateKey Key);
}
