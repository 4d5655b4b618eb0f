using Ipv8.Messaging;

namespace Ipv8.Tests.Messaging;

/// <summary>The compact bounded table behind the token-bucket tables, the known addresses and the proven addresses.</summary>
public class LruTableTests
{
    [Test]
    public void Constructor_LargeCapacity_AllocatesNothingUntilTheFirstEntry()
    {
        var table = new LruTable<int, long>(10_000);

        var before = table.AllocatedSlots;
        table.AddNew(1, out _) = 10;

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Zero);
            Assert.That(table.AllocatedSlots, Is.InRange(1, 8), "a first entry allocates a small array, not the bound");
            Assert.That(table.TryGet(1, out var value) && value == 10, Is.True);
        });
    }

    [Test]
    public void AddNew_BeyondCapacity_GrowsByDoublingToTheBoundThenEvictsLeastRecentlyUsed()
    {
        var table = new LruTable<int, int>(20);
        var slots = new List<int>();
        KeyValuePair<int, int>? lastEvicted = null;
        for (var i = 0; i < 25; i++)
        {
            table.AddNew(i, out lastEvicted) = i * 2;
            slots.Add(table.AllocatedSlots);
        }

        Assert.Multiple(() =>
        {
            Assert.That(slots.Distinct(), Is.EqualTo(new[] { 4, 8, 16, 20 }), "doubling, capped at the capacity");
            Assert.That(table.Count, Is.EqualTo(20));
            Assert.That(lastEvicted, Is.EqualTo(new KeyValuePair<int, int>(4, 8)), "the oldest untouched entry went last");
            Assert.That(Enumerable.Range(0, 5).Any(table.Contains), Is.False);
            Assert.That(Enumerable.Range(5, 20).All(table.Contains), Is.True);
        });
    }

    [Test]
    public void Find_TouchedEntry_IsEvictedLastWhilePeekKeepsTheOrder()
    {
        var table = new LruTable<string, int>(3);
        table.AddNew("a", out _) = 1;
        table.AddNew("b", out _) = 2;
        table.AddNew("c", out _) = 3;
        table.Find("a", out _) = 10;
        _ = table.Peek("b", out _);

        table.AddNew("d", out var evicted);

        Assert.Multiple(() =>
        {
            Assert.That(evicted?.Key, Is.EqualTo("b"), "peeked, not touched: still the least recently used");
            Assert.That(table.TryGet("a", out var a) ? a : -1, Is.EqualTo(10), "a value is changed in place through the reference");
        });
    }

    [Test]
    public void Remove_ThenAdd_ReusesTheFreedSlotWithoutGrowing()
    {
        var table = new LruTable<int, string>(100);
        for (var i = 0; i < 4; i++)
        {
            table.AddNew(i, out _) = $"v{i}";
        }

        var slots = table.AllocatedSlots;
        table.Remove(1);
        table.AddNew(7, out _) = "v7";

        Assert.Multiple(() =>
        {
            Assert.That(table.AllocatedSlots, Is.EqualTo(slots));
            Assert.That(table.Count, Is.EqualTo(4));
            Assert.That(OldestFirst(table), Is.EqualTo(new[] { 0, 2, 3, 7 }));
            Assert.That(() => table.AddNew(7, out _), Throws.ArgumentException, "a present key is refused");
        });
    }

    [Test]
    public void Operations_RandomSequence_MatchAReferenceModel()
    {
        // A seeded random mix of adds, touches, peeks and removes, checked against a list kept in recency order.
        var random = new Random(15);
        var table = new LruTable<int, int>(37);
        var model = new List<(int Key, int Value)>(); // least recently used first
        for (var step = 0; step < 20_000; step++)
        {
            var key = random.Next(80);
            var index = model.FindIndex(e => e.Key == key);
            switch (random.Next(4))
            {
                case 0:
                    var evicted = table.Add(key, step, out var removed);
                    if (index >= 0)
                    {
                        model.RemoveAt(index);
                    }
                    else if (model.Count == 37)
                    {
                        Assert.That(evicted && removed.Key == model[0].Key, Is.True, $"step {step}: evicts the least recently used");
                        model.RemoveAt(0);
                    }

                    model.Add((key, step));
                    break;
                case 1:
                    var found = table.TryGet(key, out var value);
                    Assert.That(found, Is.EqualTo(index >= 0), $"step {step}: presence");
                    if (index >= 0)
                    {
                        Assert.That(value, Is.EqualTo(model[index].Value));
                        var entry = model[index];
                        model.RemoveAt(index);
                        model.Add(entry);
                    }

                    break;
                case 2:
                    _ = table.Peek(key, out var peeked);
                    Assert.That(peeked, Is.EqualTo(index >= 0));
                    break;
                default:
                    Assert.That(table.Remove(key), Is.EqualTo(index >= 0));
                    if (index >= 0)
                    {
                        model.RemoveAt(index);
                    }

                    break;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(table.Count, Is.EqualTo(model.Count));
            Assert.That(OldestFirst(table), Is.EqualTo(model.Select(e => e.Key)));
            Assert.That(table.Values.Reverse(), Is.EqualTo(model.Select(e => e.Value)), "Values: most recently used first");
        });
    }

    private static List<int> OldestFirst<TValue>(LruTable<int, TValue> table)
    {
        var keys = new List<int>();
        foreach (var key in table.OldestFirst())
        {
            keys.Add(key);
        }

        return keys;
    }
}
