using System.Diagnostics.Metrics;

namespace Ipv8.Messaging;

/// <summary>
/// The observable instruments of one <see cref="Meter"/>, shared by every component instance that publishes on it: one
/// instrument per name, whose measurements are one per registered instance, each with that instance's tags.
/// </summary>
/// <remarks>
/// <para>Why: 86 instruments per community (an instrument, a callback, its closure and the meter's bookkeeping, ≈ 220 bytes
/// each) were ≈ 19 KB per community; here an instance costs one small registration per counter set or single counter.</para>
/// <para>Owned, never process-wide: an <see cref="InstrumentSharingMeterFactory"/> holds one per meter it hands out, so
/// every component given that factory shares its instruments; a <see cref="ComponentMeters"/> given another factory (or
/// none) holds its own. Thread-safe; measurements are gathered under a lock only when a listener collects.</para>
/// </remarks>
internal sealed class SharedInstruments
{
    private readonly Meter _meter;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    /// <summary>Creates the registry of <paramref name="meter"/>'s instruments; none exist until one is registered.</summary>
    public SharedInstruments(Meter meter)
    {
        _meter = meter;
    }

    /// <summary>
    /// Registers one instance's values for the instruments <paramref name="names"/> (created on the meter the first time
    /// <paramref name="key"/> is registered): instrument <c>i</c> measures <c>read(i)</c> with <paramref name="tags"/>.
    /// </summary>
    /// <returns>The registration; <see cref="Publication.Dispose"/> removes the instance's measurements.</returns>
    public Publication Add(string key, Func<string[]> names, bool gauge, Func<int, long> read, KeyValuePair<string, object?>[] tags)
    {
        Group? group;
        lock (_gate)
        {
            if (!_groups.TryGetValue(key, out group))
            {
                group = new Group(_meter, names(), gauge);
                _groups.Add(key, group);
            }
        }

        var publication = new Publication(group, read, tags);
        group.Add(publication);
        return publication;
    }

    /// <summary>One instance's values for a group of instruments.</summary>
    internal sealed class Publication(Group group, Func<int, long> read, KeyValuePair<string, object?>[] tags) : IDisposable
    {
        public Func<int, long> Read { get; } = read;

        public KeyValuePair<string, object?>[] Tags { get; } = tags;

        /// <summary>Removes this instance's measurements from the group's instruments. Idempotent.</summary>
        public void Dispose() => group.Remove(this);
    }

    /// <summary>The instruments for one set of names and every instance registered for them.</summary>
    internal sealed class Group
    {
        private readonly Lock _gate = new();
        private readonly HashSet<Publication> _publications = [];

        public Group(Meter meter, string[] names, bool gauge)
        {
            for (var i = 0; i < names.Length; i++)
            {
                var index = i;
                if (gauge)
                {
                    meter.CreateObservableGauge(names[i], () => Observe(index));
                }
                else
                {
                    meter.CreateObservableCounter(names[i], () => Observe(index), unit: "{event}");
                }
            }
        }

        public void Add(Publication publication)
        {
            lock (_gate)
            {
                _publications.Add(publication);
            }
        }

        public void Remove(Publication publication)
        {
            lock (_gate)
            {
                _publications.Remove(publication);
            }
        }

        private Measurement<long>[] Observe(int index)
        {
            lock (_gate)
            {
                var result = new Measurement<long>[_publications.Count];
                var i = 0;
                foreach (var publication in _publications)
                {
                    result[i++] = new Measurement<long>(publication.Read(index), publication.Tags);
                }

                return result;
            }
        }
    }
}
