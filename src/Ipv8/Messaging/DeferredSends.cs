using System.Buffers;
using Ipv8.Keys;

namespace Ipv8.Messaging;

/// <summary>
/// Datagrams written under a lock and sent after it is released, in the order they were added; signed ones are signed
/// then. So the signature (the costly part of an answer) and the send system call run in parallel on the receive workers
/// while state changes stay serialized. Not thread-safe: one instance is used by one worker at a time.
/// </summary>
internal sealed class DeferredSends
{
    private readonly List<Item> _items = [];

    /// <summary>Gets the number of datagrams waiting.</summary>
    public int Count => _items.Count;

    /// <summary>
    /// Copies <paramref name="frame"/> to be sent to <paramref name="destination"/>: as is when <paramref name="key"/> is null,
    /// else as the body of a signed message (without its signature), signed with <paramref name="key"/> before sending.
    /// <paramref name="tagged"/> marks datagrams the caller counts apart (<see cref="Flush"/>).
    /// </summary>
    public void Add(UdpAddress destination, ReadOnlySpan<byte> frame, PrivateKey? key, bool tagged = false)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(frame.Length + (key?.SignatureLength ?? 0));
        frame.CopyTo(buffer);
        _items.Add(new Item(destination, buffer, frame.Length, key, tagged));
    }

    /// <summary>Signs (where needed) and sends every waiting datagram through <paramref name="endpoint"/> in order, then empties the list.</summary>
    /// <param name="endpoint">Sends; refusals are counted by the endpoint.</param>
    /// <param name="sentTagged">How many of the accepted datagrams were added with <c>tagged</c>.</param>
    /// <returns>How many datagrams the endpoint accepted.</returns>
    public int Flush(IEndpoint endpoint, out int sentTagged)
    {
        var sent = 0;
        sentTagged = 0;
        try
        {
            foreach (var item in _items)
            {
                var length = item.Key is { } key ? MessageFraming.SignInPlace(item.Buffer, item.Length, key) : item.Length;
                if (endpoint.Send(item.Destination, item.Buffer.AsSpan(0, length)))
                {
                    sent++;
                    if (item.Tagged)
                    {
                        sentTagged++;
                    }
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

    private readonly record struct Item(UdpAddress Destination, byte[] Buffer, int Length, PrivateKey? Key, bool Tagged);
}
