using Ipv8.Peers;

namespace Ipv8.Tests.Peers;

public class ServiceSetTests
{
    private static ServiceId Service(byte b)
    {
        var id = new byte[ServiceId.Length];
        id[0] = b;
        return ServiceId.From(id);
    }

    [Test]
    public void Add_ManyServices_KeepsFirstRecordedOrderAndRefusesDuplicates()
    {
        var set = new ServiceSet();
        var added = new List<bool>();
        for (byte b = 1; b <= 9; b++)
        {
            added.Add(set.Add(Service(b)));
        }

        added.Add(set.Add(Service(1)));
        added.Add(set.Add(Service(7)));

        Assert.Multiple(() =>
        {
            Assert.That(added, Is.EqualTo(Enumerable.Repeat(true, 9).Concat([false, false])));
            Assert.That(set.Count, Is.EqualTo(9));
            Assert.That(set.ToList(), Is.EqualTo(Enumerable.Range(1, 9).Select(i => Service((byte)i))));
            Assert.That(set.Contains(Service(9)) && set.Contains(Service(1)) && set.Contains(Service(5)), Is.True);
            Assert.That(set.Contains(Service(10)), Is.False);
        });
    }

    [Test]
    public void Contains_EmptySet_IsFalse()
    {
        var set = new ServiceSet();

        Assert.Multiple(() =>
        {
            Assert.That(set.Contains(default), Is.False, "the inline slot's default value is not a member");
            Assert.That(set.ToList(), Is.Empty);
        });
    }
}
