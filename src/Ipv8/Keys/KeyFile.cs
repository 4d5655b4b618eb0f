using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Keys;

/// <summary>
/// Reads and writes py-ipv8 key files: the raw private key bin, no encoding (§4.5). New files are created
/// with owner-only permissions (0600 on Unix, set at creation) and never overwrite an existing file.
/// </summary>
public sealed class KeyFile
{
    /// <summary>Largest key file read (64 KiB); real key files are well under 1 KiB.</summary>
    public const int MaxLength = 64 * 1024;

    private readonly KeyFactory _factory;
    private readonly ILogger _logger;

    /// <summary>Initializes the reader/writer.</summary>
    /// <param name="factory">Parses and generates keys.</param>
    /// <param name="logger">Receives file creation events; null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public KeyFile(KeyFactory factory, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Reads and parses the private key in <paramref name="path"/>.</summary>
    /// <exception cref="KeyFileException">The file is missing, unreadable, too large or not a private key bin; the message names the file and the reason.</exception>
    public PrivateKey Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bin;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxLength)
                throw new KeyFileException(path, $"is {stream.Length} bytes, more than the {MaxLength} a key file may have", null);
            bin = new byte[stream.Length];
            stream.ReadExactly(bin);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not KeyFileException)
        {
            throw new KeyFileException(path, "cannot be read: " + e.Message, e);
        }

        try
        {
            var key = _factory.ParsePrivateKey(bin);
            KeysLog.KeyFileLoaded(_logger, path, key.PublicKey.MidHex);
            return key;
        }
        catch (KeyFormatException e)
        {
            throw new KeyFileException(path, "does not hold a private key: " + e.Message, e);
        }
    }

    /// <summary>
    /// Writes <paramref name="key"/>'s bin to a new file at <paramref name="path"/>, created with mode 0600
    /// (Unix) and <see cref="FileMode.CreateNew"/>. Returns false, touching nothing, when the file exists.
    /// </summary>
    /// <exception cref="KeyFileException">The file cannot be created or written (a partly written file is removed).</exception>
    public bool TryCreate(string path, PrivateKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, "cannot be created: " + e.Message, e);
        }

        try
        {
            using (stream)
            {
                stream.Write(key.KeyBin);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(path);
            throw new KeyFileException(path, "cannot be written: " + e.Message, e);
        }

        KeysLog.KeyFileCreated(_logger, key is LibNaClPrivateKey ? KeyFactory.Curve25519 : "EC", path, key.PublicKey.MidHex);
        return true;
    }

    /// <summary>
    /// Loads <paramref name="path"/> if it exists; otherwise writes the key from <paramref name="createKey"/>
    /// there (0600, never overwriting) and returns it. If another writer creates the file first, its key is loaded.
    /// </summary>
    /// <exception cref="KeyFileException">The existing file is unreadable or corrupt (it is left untouched), or the new one cannot be written.</exception>
    public PrivateKey LoadOrCreate(string path, Func<PrivateKey> createKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(createKey);
        if (File.Exists(path))
            return Load(path);
        var key = createKey();
        if (TryCreate(path, key))
            return key;
        KeysLog.KeyFileRace(_logger, path);
        return Load(path);
    }

    /// <summary>Resolves a <see cref="KeySource"/> as py-ipv8 does (§4.5): file, else base64 bin, else generation; written to the file if one is named.</summary>
    /// <exception cref="KeyFileException">The key file is unreadable or corrupt, or cannot be written.</exception>
    /// <exception cref="KeyFormatException"><see cref="KeySource.Bin"/> is not base64 of a private key bin.</exception>
    /// <exception cref="ArgumentException"><see cref="KeySource.Generation"/> is not a known security level.</exception>
    public PrivateKey Resolve(KeySource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return string.IsNullOrEmpty(source.File) ? Create(source) : LoadOrCreate(source.File, () => Create(source));
    }

    private PrivateKey Create(KeySource source)
    {
        if (source.Bin is null)
            return _factory.Generate(source.Generation);
        byte[] bin;
        try
        {
            bin = Convert.FromBase64String(source.Bin);
        }
        catch (FormatException e)
        {
            throw new KeyFormatException("The configured key 'bin' is not valid base64.", e);
        }

        return _factory.ParsePrivateKey(bin);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the write error is what gets reported.
        }
    }
}
