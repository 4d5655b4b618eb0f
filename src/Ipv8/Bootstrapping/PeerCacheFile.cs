using System.Globalization;
using System.Text.Json;
using Ipv8.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Bootstrapping;

/// <summary>
/// One overlay's peer cache on disk: a small JSON document (<c>version</c>, <c>community_id</c>, <c>written</c>,
/// <c>peers</c>: <c>address</c>, <c>last_seen</c>, optional <c>mid</c>) read at start and written atomically.
/// </summary>
/// <remarks>
/// <para>Reading never throws: a missing file is a first start; a file that is too large, unreadable, writable by other
/// users, malformed or of another community is logged, counted in <see cref="LoadFailures"/> and ignored. Entries that do
/// not parse are dropped one by one (counted in <see cref="DroppedEntries"/>); at most
/// <see cref="PeerCacheOptions.MaxEntries"/> are taken.</para>
/// <para>Writing goes to a temporary file beside the cache (created with mode 0600 on Unix), flushed to disk, then renamed
/// over the cache, so a crash leaves either the old or the new cache, never half of one. An empty entry list is never
/// written: a good cache is not replaced by an empty one. A failed write is logged and counted in
/// <see cref="WriteFailures"/>, never thrown. Thread-safe.</para>
/// </remarks>
public sealed class PeerCacheFile
{
    private const int Version = 1;
    private readonly Lock _gate = new();
    private readonly PeerCacheOptions _options;
    private readonly ILogger _logger;
    private long _loadFailures;
    private long _droppedEntries;
    private long _writes;
    private long _writeFailures;
    private long _skippedEmpty;

    /// <summary>Creates the cache file's reader and writer; nothing is read or written yet.</summary>
    /// <param name="path">The cache file's path.</param>
    /// <param name="options">The limits (validated).</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The path is empty or an option is invalid.</exception>
    public PeerCacheFile(string path, PeerCacheOptions options, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        Path = System.IO.Path.GetFullPath(path);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the cache file's full path.</summary>
    public string Path { get; }

    /// <summary>Gets the number of cache files that were reported and ignored (oversized, unreadable, unsafe, corrupt, other community).</summary>
    public long LoadFailures => Interlocked.Read(ref _loadFailures);

    /// <summary>Gets the number of entries dropped while reading because they did not parse.</summary>
    public long DroppedEntries => Interlocked.Read(ref _droppedEntries);

    /// <summary>Gets the number of successful writes.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Gets the number of writes that failed (logged).</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Gets the number of writes skipped because there was nothing to write.</summary>
    public long SkippedEmptyWrites => Interlocked.Read(ref _skippedEmpty);

    /// <summary>Reads the cache (see the class remarks); never throws.</summary>
    /// <param name="communityId">The overlay's community id: a cache of another community is ignored.</param>
    /// <param name="entries">The valid entries, most recently seen first; empty unless the result is <see cref="PeerCacheLoadResult.Loaded"/>.</param>
    /// <returns>What was found.</returns>
    public PeerCacheLoadResult Load(ReadOnlySpan<byte> communityId, out IReadOnlyList<PeerCacheEntry> entries)
    {
        entries = [];
        byte[] bytes;
        try
        {
            var info = new FileInfo(Path);
            if (!info.Exists)
            {
                return System.IO.Directory.Exists(Path) ? Fail(PeerCacheLoadResult.Unreadable, "a directory is in its place") : PeerCacheLoadResult.Missing;
            }

            if (info.Length > _options.MaxFileBytes)
            {
                return Fail(PeerCacheLoadResult.Oversized, $"{info.Length} bytes, more than the limit of {_options.MaxFileBytes}");
            }

            if (!OperatingSystem.IsWindows() && (info.UnixFileMode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                return Fail(PeerCacheLoadResult.UnsafePermissions, "other users may write it (expected mode 0600)");
            }

            bytes = File.ReadAllBytes(Path);
            if (bytes.Length > _options.MaxFileBytes)
            {
                // Grown between the check and the read.
                return Fail(PeerCacheLoadResult.Oversized, $"more than the limit of {_options.MaxFileBytes} bytes");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Fail(PeerCacheLoadResult.Unreadable, exception.Message);
        }

        try
        {
            // A file saved by an editor may start with a UTF-8 byte order mark, which the JSON reader refuses.
            var json = bytes.AsMemory();
            if (json.Span.StartsWith("\uFEFF"u8))
            {
                json = json[3..];
            }

            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != Version
                || !root.TryGetProperty("community_id", out var id) || id.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("peers", out var peers) || peers.ValueKind != JsonValueKind.Array)
            {
                return Fail(PeerCacheLoadResult.Corrupt, $"not a version {Version} peer cache");
            }

            if (!string.Equals(id.GetString(), Convert.ToHexStringLower(communityId), StringComparison.Ordinal))
            {
                return Fail(PeerCacheLoadResult.OtherCommunity, $"written for community {id.GetString()}");
            }

            var list = new List<PeerCacheEntry>();
            var dropped = 0;
            foreach (var peer in peers.EnumerateArray())
            {
                if (TryReadEntry(peer, out var entry))
                {
                    list.Add(entry);
                }
                else
                {
                    dropped++;
                }
            }

            Interlocked.Add(ref _droppedEntries, dropped);
            entries = Bound(list, DateTimeOffset.MinValue);
            PeerCacheLog.Loaded(_logger, Path, entries.Count, dropped);
            return PeerCacheLoadResult.Loaded;
        }
        catch (JsonException exception)
        {
            return Fail(PeerCacheLoadResult.Corrupt, exception.Message);
        }
    }

    /// <summary>
    /// Writes <paramref name="entries"/> (bounded: at most <see cref="PeerCacheOptions.MaxEntries"/>, none older than
    /// <see cref="PeerCacheOptions.MaxAge"/> before <paramref name="now"/>, one per address) atomically; never throws.
    /// Nothing is written when no entry is left, so an existing cache is kept.
    /// </summary>
    /// <param name="communityId">The overlay's community id, recorded in the file.</param>
    /// <param name="entries">The addresses to keep.</param>
    /// <param name="now">The current time.</param>
    /// <returns>True when the cache was written.</returns>
    public bool Save(ReadOnlySpan<byte> communityId, IEnumerable<PeerCacheEntry> entries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var kept = Bound(entries, now - _options.MaxAge);
        if (kept.Count == 0)
        {
            Interlocked.Increment(ref _skippedEmpty);
            PeerCacheLog.SkippedEmpty(_logger, Path);
            return false;
        }

        var bytes = Serialize(Convert.ToHexStringLower(communityId), kept, now);
        lock (_gate)
        {
            var temporary = $"{Path}.{Environment.ProcessId}.tmp";
            try
            {
                System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var stream = new FileStream(temporary, fileOptions))
                {
                    stream.Write(bytes);
                    stream.Flush(flushToDisk: true);
                }

                if (!OperatingSystem.IsWindows())
                {
                    // A temporary file left by an earlier crash keeps its old mode on FileMode.Create; make sure.
                    File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                File.Move(temporary, Path, overwrite: true);
                Interlocked.Increment(ref _writes);
                PeerCacheLog.Written(_logger, Path, kept.Count);
                return true;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref _writeFailures);
                PeerCacheLog.WriteFailed(_logger, exception, Path);
                TryDelete(temporary);
                return false;
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next write replaces it.
        }
    }

    private static bool TryReadEntry(JsonElement peer, out PeerCacheEntry entry)
    {
        entry = null!;
        if (peer.ValueKind != JsonValueKind.Object
            || !peer.TryGetProperty("address", out var address) || address.ValueKind != JsonValueKind.String
            || !UdpAddress.TryParse(address.GetString(), out var parsed) || parsed.Port == 0
            || !peer.TryGetProperty("last_seen", out var lastSeen) || lastSeen.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(lastSeen.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var seen))
        {
            return false;
        }

        string? mid = null;
        if (peer.TryGetProperty("mid", out var midElement) && midElement.ValueKind == JsonValueKind.String)
        {
            mid = midElement.GetString();
            if (mid is null || mid.Length != 40 || !mid.All(char.IsAsciiHexDigitLower))
            {
                return false;
            }
        }

        entry = new PeerCacheEntry(parsed, seen, mid);
        return true;
    }

    private List<PeerCacheEntry> Bound(IEnumerable<PeerCacheEntry> entries, DateTimeOffset oldest) =>
        [.. entries
            .Where(e => e.LastSeen >= oldest)
            .GroupBy(e => e.Address)
            .Select(g => g.OrderByDescending(e => e.LastSeen).ThenByDescending(e => e.Mid is not null).First())
            .OrderByDescending(e => e.LastSeen)
            .Take(_options.MaxEntries)];

    private static byte[] Serialize(string communityId, IReadOnlyList<PeerCacheEntry> entries, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", Version);
            writer.WriteString("community_id", communityId);
            writer.WriteString("written", now.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteStartArray("peers");
            foreach (var entry in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("address", entry.Address.ToString());
                writer.WriteString("last_seen", entry.LastSeen.ToString("O", CultureInfo.InvariantCulture));
                if (entry.Mid is not null)
                {
                    writer.WriteString("mid", entry.Mid);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private PeerCacheLoadResult Fail(PeerCacheLoadResult result, string reason)
    {
        Interlocked.Increment(ref _loadFailures);
        PeerCacheLog.Ignored(_logger, Path, result, reason);
        return result;
    }
}
