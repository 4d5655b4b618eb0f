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
    public void With_ManyServices_KeepsFirstRecordedOrderAndReturnsTheSameSetForDuplicates()
    {
        var set = ServiceSet.Empty;
        var sets = new List<ServiceSet> { set };
        for (byte b = 1; b <= 9; b++)
        {
            set = set.With(Service(b));
            sets.Add(set);
        }

        var afterDuplicates = set.With(Service(1)).With(Service(7));

        Assert.Multiple(() =>
        {
            Assert.That(sets.Distinct().Count(), Is.EqualTo(10), "each new service makes a new set");
            Assert.That(afterDuplicates, Is.SameAs(set), "a service already present changes nothing");
            Assert.That(set.Count, Is.EqualTo(9));
            Assert.That(set.ToList(), Is.EqualTo(Enumerable.Range(1, 9).Select(i => Service((byte)i))));
            Assert.That(set.Contains(Service(9)) && set.Contains(Service(1)) && set.Contains(Service(5)), Is.True);
            Assert.That(set.Contains(Service(10)), Is.False);
            Assert.That(sets[3].Count, Is.EqualTo(3), "earlier sets are not changed by later additions");
            Assert.That(sets[3].Contains(Service(4)), Is.False);
        });
    }

    [Test]
    public void Contains_EmptySet_IsFalse()
    {
        var set = ServiceSet.Empty;

        Assert.Multiple(() =>
        {
            Assert.That(set.Contains(default), Is.False, "the inline slot's default value is not a member");
            Assert.That(set.ToList(), Is.Empty);
        });
    }

    [Test]
    public void With_EmptySetAndSharedSingle_ReturnsTheSharedSet()
    {
        var shared = ServiceSet.Of(Service(1));

        Assert.Multiple(() =>
        {
            Assert.That(ServiceSet.Empty.With(Service(1), shared), Is.SameAs(shared));
            Assert.That(shared.With(Service(2)).ToList(), Is.EqualTo(new[] { Service(1), Service(2) }));
            Assert.That(shared.Count, Is.EqualTo(1), "the shared set is never changed");
        });
    }
}
