using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Tests.Communities;

/// <summary>The sparse message-id map behind a community's handlers, alone and through dispatch.</summary>
public class SparseByteMapTests
{
    [Test]
    public void Set_SomeIds_FindsExactlyThoseAndReplacesInPlace()
    {
        var map = new SparseByteMap<string>();
        map.Set(246, "request");
        map.Set(0, "zero");
        map.Set(255, "last");
        map.Set(246, "replaced");

        var found = Enumerable.Range(0, 256).Where(id => map.TryGetValue((byte)id, out _)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.EqualTo(new[] { 0, 246, 255 }));
            Assert.That(map.Count, Is.EqualTo(3), "a replaced id is not added twice");
            Assert.That(map.TryGetValue(246, out var value) ? value : null, Is.EqualTo("replaced"));
            Assert.That(map.TryGetValue(1, out var missing) || missing is not null, Is.False);
        });
    }

    [Test]
    public async Task OnDatagram_TwoCommunitiesOfOneType_EachDispatchesToItsOwnHandlers()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        var sender = await bed.AddAsync(3);
        var seenByA = new List<ulong>();
        var seenByB = new List<ulong>();
        a.AddUnsigned<PingPayload>(20, (_, _, payload) => seenByA.Add(payload.Identifier));
        b.AddUnsigned<PingPayload>(20, (_, _, payload) => seenByB.Add(payload.Identifier + 1000UL));
        b.AddUnsigned<PingPayload>(21, (_, _, payload) => seenByB.Add(payload.Identifier + 2000UL));

        sender.Send(a.Endpoint.LocalAddress, 20, new PingPayload(1), signed: false);
        sender.Send(b.Endpoint.LocalAddress, 20, new PingPayload(2), signed: false);
        sender.Send(b.Endpoint.LocalAddress, 21, new PingPayload(3), signed: false);
        sender.Send(a.Endpoint.LocalAddress, 21, new PingPayload(4), signed: false);
        bed.Advance();

        Assert.Multiple(() =>
        {
            Assert.That(seenByA, Is.EqualTo(new ulong[] { 1 }));
            Assert.That(seenByB, Is.EquivalentTo(new ulong[] { 1002, 2003 }), "delivery order is the network's");
            Assert.That(a.Drops[DropReason.UnknownMessageId], Is.EqualTo(1), "id 21 has no handler in a");
            Assert.That(b.Drops[DropReason.UnknownMessageId], Is.Zero);
        });
    }
}
