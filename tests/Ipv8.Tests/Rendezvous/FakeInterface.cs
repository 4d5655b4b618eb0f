using Ipv8.Rendezvous;

namespace Ipv8.Tests.Rendezvous;

/// <summary>A custom discovery interface that reports fixed records on every request.</summary>
internal sealed class FakeInterface(string name, IReadOnlyList<SignedPeerRecord> records) : IDiscoveryInterface
{
    public string Name => name;

    public bool CanAdvertise => false;

    public bool CanRequest => true;

    public int Requests { get; private set; }

    public void Advertise(string ns, Action<TimeSpan?> done) => done(null);

    public void StopAdvertising(string ns)
    {
    }

    public void Request(string ns, IDiscoverySink sink)
    {
        Requests++;
        foreach (var record in records)
        {
            sink.OnRecord(record, Name);
        }
    }
}
