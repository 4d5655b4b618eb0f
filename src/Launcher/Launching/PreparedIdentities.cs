using Ipv8.Keys;
using Ipv8.Peers;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// The host's identities, loaded or generated in memory before anything is opened (spec §4.5: an existing key
/// file wins, else the configured <c>bin</c>, else a new key). New key files are not written here: they are
/// remembered and written by <see cref="WritePending"/> once every overlay has launched, so a start that
/// fails leaves no key file behind.
/// </summary>
internal sealed class PreparedIdentities
{
    private readonly List<(string Path, PrivateKey Key, KeyDefinition Definition)> _pending = [];

    private PreparedIdentities(Dictionary<string, MyPeer> peers) => Peers = peers;

    /// <summary>Gets one own peer per used key alias.</summary>
    public IReadOnlyDictionary<string, MyPeer> Peers { get; }

    /// <summary>Gets the key files that will be created by <see cref="WritePending"/>.</summary>
    public IEnumerable<string> PendingFiles => _pending.Select(p => p.Path);

    /// <summary>
    /// Loads or generates every key in <paramref name="used"/>; problems (unreadable or corrupt key file, bad
    /// <c>bin</c>, unknown generation, missing key-file directory) go to <paramref name="errors"/> with the key's origin.
    /// </summary>
    /// <remarks>
    /// With <c>generate</c> false (the model's check), a key that would be generated is not: only its security level is
    /// checked, and it has no entry in <see cref="Peers"/>. Files are still read and <c>bin</c> values parsed.
    /// </remarks>
    public static PreparedIdentities Prepare(IEnumerable<KeyDefinition> keys, ISet<string> used, KeyFactory factory, KeyFile keyFile, string baseDirectory, TimeProvider time, ErrorList errors, bool generate = true)
    {
        var peers = new Dictionary<string, MyPeer>(StringComparer.Ordinal);
        var prepared = new PreparedIdentities(peers);
        foreach (var key in keys.Where(k => used.Contains(k.Alias)))
        {
            var path = $"keys[{key.Alias}]";
            try
            {
                var file = key.Ephemeral || string.IsNullOrEmpty(key.File) ? null : Path.GetFullPath(key.File, baseDirectory);
                PrivateKey privateKey;
                if (file is not null && File.Exists(file))
                {
                    privateKey = keyFile.Load(file);
                }
                else if (file is not null && prepared._pending.FirstOrDefault(p => p.Path == file) is { Key: { } shared })
                {
                    // Two aliases naming one new file share the key that will be written there.
                    privateKey = shared;
                }
                else if (!generate && key.Bin is null)
                {
                    // Checking only: a key that would be generated is checked by its security level; the host makes the key
                    // itself when it starts (in a fresh process, the first key generation loads the signature library).
                    KeyFactory.CheckSecurityLevel(key.Generation);
                    if (file is not null && Path.GetDirectoryName(file) is { } missing && !Directory.Exists(missing))
                    {
                        errors.Add(key.Origin, path + ".file", $"cannot create key file {file}: directory {missing} does not exist");
                    }

                    continue;
                }
                else
                {
                    privateKey = keyFile.Resolve(new KeySource(key.Generation, null, key.Bin));
                    if (file is not null)
                    {
                        var directory = Path.GetDirectoryName(file);
                        if (directory is not null && !Directory.Exists(directory))
                        {
                            errors.Add(key.Origin, path + ".file", $"cannot create key file {file}: directory {directory} does not exist");
                            continue;
                        }

                        prepared._pending.Add((file, privateKey, key));
                    }
                }

                peers[key.Alias] = new MyPeer(privateKey, creationTime: time.GetUtcNow());
            }
            catch (Exception exception) when (exception is KeyFileException or KeyFormatException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                errors.Add(key.Origin, path, exception.Message);
            }
        }

        return prepared;
    }

    /// <summary>Writes the new key files (mode 0600, never overwriting).</summary>
    /// <exception cref="KeyFileException">A file cannot be written, or appeared meanwhile (its key differs from the one this run uses).</exception>
    public void WritePending(KeyFile keyFile)
    {
        foreach (var (path, key, _) in _pending)
        {
            if (!keyFile.TryCreate(path, key))
            {
                throw new KeyFileException(path, "was created by another process while starting; this run used a different key, start again to use the file's key", null);
            }
        }

        _pending.Clear();
    }
}
