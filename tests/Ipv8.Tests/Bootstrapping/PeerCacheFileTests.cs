using System.Text;
using Ipv8.Bootstrapping;
using Ipv8.Messaging;

namespace Ipv8.Tests.Bootstrapping;

[TestFixture]
public sealed class PeerCacheFileTests
{
    private static readonly byte[] CommunityId = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "peer-cache-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string CachePath => Path.Combine(_directory, "peers.Test.json");

    private PeerCacheFile File(PeerCacheOptions? options = null) => new(CachePath, options ?? new PeerCacheOptions());

    private static PeerCacheEntry Entry(int port, int minutesAgo, string? mid = null) =>
        new(UdpAddress.Parse("127.0.0.1", port), Now.AddMinutes(-minutesAgo), mid);

    [Test]
    public void Save_ThenLoad_RoundTripsEntriesMostRecentFirst()
    {
        var mid = new string('a', 40);
        Assert.That(File().Save(CommunityId, [Entry(2000, 10), Entry(2001, 1, mid)], Now), Is.True);

        var reader = File();
        var result = reader.Load(CommunityId, out var entries);
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(PeerCacheLoadResult.Loaded));
            Assert.That(entries, Is.EqualTo(new[] { Entry(2001, 1, mid), Entry(2000, 10) }));
            Assert.That(reader.LoadFailures, Is.Zero);
        });
    }

    [Test]
    public void Load_MissingFile_ReportsMissingWithoutFailure()
    {
        var reader = File();
        Assert.Multiple(() =>
        {
            Assert.That(reader.Load(CommunityId, out var entries), Is.EqualTo(PeerCacheLoadResult.Missing));
            Assert.That(entries, Is.Empty);
            Assert.That(reader.LoadFailures, Is.Zero);
        });
    }

    [TestCase("{not json")]
    [TestCase("[]")]
    [TestCase("{\"version\": 2, \"community_id\": \"0102030405060708090a0b0c0d0e0f1011121314\", \"peers\": []}")]
    [TestCase("{\"version\": 1, \"community_id\": 5, \"peers\": []}")]
    [TestCase("{\"version\": 1, \"community_id\": \"0102030405060708090a0b0c0d0e0f1011121314\", \"peers\": {}}")]
    [TestCase("\u0000\u0001garbage")]
    public void Load_CorruptFile_ReportedCountedAndIgnored(string content)
    {
        System.IO.File.WriteAllText(CachePath, content);
        var reader = File();
        Assert.Multiple(() =>
        {
            Assert.That(reader.Load(CommunityId, out var entries), Is.EqualTo(PeerCacheLoadResult.Corrupt));
            Assert.That(entries, Is.Empty);
            Assert.That(reader.LoadFailures, Is.EqualTo(1));
        });
    }

    [Test]
    public void Load_OtherCommunity_Ignored()
    {
        File().Save(CommunityId, [Entry(2000, 1)], Now);
        var other = new byte[20];
        var reader = File();
        Assert.Multiple(() =>
        {
            Assert.That(reader.Load(other, out var entries), Is.EqualTo(PeerCacheLoadResult.OtherCommunity));
            Assert.That(entries, Is.Empty);
            Assert.That(reader.LoadFailures, Is.EqualTo(1));
        });
    }

    [Test]
    public void Load_OversizedFile_ReportedAndIgnored()
    {
        var options = new PeerCacheOptions { MaxFileBytes = 1024 };
        System.IO.File.WriteAllText(CachePath, "{\"version\": 1, \"pad\": \"" + new string('x', 2048) + "\"}");
        var reader = File(options);
        Assert.Multiple(() =>
        {
            Assert.That(reader.Load(CommunityId, out var entries), Is.EqualTo(PeerCacheLoadResult.Oversized));
            Assert.That(entries, Is.Empty);
            Assert.That(reader.LoadFailures, Is.EqualTo(1));
        });
    }

    [Test]
    public void Load_DirectoryInPlaceOfFile_ReportedAsUnreadable()
    {
        Directory.CreateDirectory(CachePath);
        var reader = File();
        Assert.Multiple(() =>
        {
            Assert.That(reader.Load(CommunityId, out _), Is.EqualTo(PeerCacheLoadResult.Unreadable));
            Assert.That(reader.LoadFailures, Is.EqualTo(1));
        });
    }

    [Test]
    public void Load_WritableByOthers_ReportedAndIgnored()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only");
            return;
        }

        File().Save(CommunityId, [Entry(2000, 1)], Now);
        System.IO.File.SetUnixFileMode(CachePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        var reader = File();
        Assert.Multiple(() =>
        {
            Assert.That(reader.Load(CommunityId, out var entries), Is.EqualTo(PeerCacheLoadResult.UnsafePermissions));
            Assert.That(entries, Is.Empty);
        });
    }

    [Test]
    public void Load_InvalidEntries_DroppedOneByOneAndCounted()
    {
        var json = """
            {"version": 1, "community_id": "0102030405060708090a0b0c0d0e0f1011121314", "peers": [
              {"address": "127.0.0.1:2000", "last_seen": "2026-12-04T11:59:00+00:00"},
              {"address": "not an address", "last_seen": "2026-12-04T11:59:00+00:00"},
              {"address": "127.0.0.1:0", "last_seen": "2026-12-04T11:59:00+00:00"},
              {"address": "127.0.0.1:2001", "last_seen": "yesterday"},
              {"address": "127.0.0.1:2002", "last_seen": "2026-12-04T11:59:00+00:00", "mid": "../../etc"},
              7
            ]}
            """;
        System.IO.File.WriteAllText(CachePath, json, Encoding.UTF8);
        var reader = File();
        Assert.Multiple(() =>
        {
            Assert.That(reader.Load(CommunityId, out var entries), Is.EqualTo(PeerCacheLoadResult.Loaded));
            Assert.That(entries.Select(e => e.Address.Port), Is.EqualTo(new[] { 2000 }));
            Assert.That(reader.DroppedEntries, Is.EqualTo(5));
        });
    }

    [Test]
    public void Save_NoEntries_KeepsTheExistingCache()
    {
        File().Save(CommunityId, [Entry(2000, 1)], Now);
        var before = System.IO.File.ReadAllBytes(CachePath);

        var writer = File();
        Assert.Multiple(() =>
        {
            Assert.That(writer.Save(CommunityId, [], Now), Is.False);
            Assert.That(writer.SkippedEmptyWrites, Is.EqualTo(1));
            Assert.That(System.IO.File.ReadAllBytes(CachePath), Is.EqualTo(before));
        });
    }

    [Test]
    public void Save_NewFile_IsReadableAndWritableByTheOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only");
            return;
        }

        File().Save(CommunityId, [Entry(2000, 1)], Now);
        Assert.That(System.IO.File.GetUnixFileMode(CachePath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void Save_ReplacesAtomically_LeavesNoTemporaryFile()
    {
        File().Save(CommunityId, [Entry(2000, 1)], Now);
        File().Save(CommunityId, [Entry(2001, 1)], Now);

        File().Load(CommunityId, out var entries);
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Address.Port), Is.EqualTo(new[] { 2001 }));
            Assert.That(Directory.GetFiles(_directory).Select(Path.GetFileName), Is.EqualTo(new[] { "peers.Test.json" }));
        });
    }

    [Test]
    public void Save_MoreThanMaxEntriesAndStaleOnes_KeepsTheMostRecentWithinMaxAge()
    {
        var options = new PeerCacheOptions { MaxEntries = 3, MaxAge = TimeSpan.FromHours(1) };
        var entries = Enumerable.Range(0, 10).Select(i => Entry(3000 + i, i)).Append(Entry(4000, 120)).Append(Entry(3000, 30));

        File(options).Save(CommunityId, entries, Now);
        File(options).Load(CommunityId, out var kept);
        Assert.That(kept.Select(e => (e.Address.Port, e.LastSeen)), Is.EqualTo(new[] { (3000, Now), (3001, Now.AddMinutes(-1)), (3002, Now.AddMinutes(-2)) }));
    }

    [Test]
    public void Save_UnwritableDirectory_CountedNotThrown()
    {
        var blocked = Path.Combine(_directory, "file-not-dir");
        System.IO.File.WriteAllText(blocked, "x");
        var writer = new PeerCacheFile(Path.Combine(blocked, "peers.json"), new PeerCacheOptions());
        Assert.Multiple(() =>
        {
            Assert.That(writer.Save(CommunityId, [Entry(2000, 1)], Now), Is.False);
            Assert.That(writer.WriteFailures, Is.EqualTo(1));
        });
    }
}
