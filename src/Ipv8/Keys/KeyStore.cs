using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Ipv8.Keys;

/// <summary>
/// The named identities of one IPv8 instance (py-ipv8's <c>keys</c> list: alias → private key). Keys come
/// from key files, configured base64 bins, generation, or are added directly (ephemeral keys). An
/// instance, thread-safe; aliases are case-sensitive and unique.
/// </summary>
public sealed class KeyStore
{
    private readonly ConcurrentDictionary<string, PrivateKey> _keys = new(StringComparer.Ordinal);

    /// <summary>Initializes an empty store.</summary>
    /// <param name="factory">Parses and generates keys.</param>
    /// <param name="logger">Receives key file events; null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public KeyStore(KeyFactory factory, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Factory = factory;
        Files = new KeyFile(factory, logger);
    }

    /// <summary>Gets the factory used to parse and generate keys.</summary>
    public KeyFactory Factory { get; }

    /// <summary>Gets the key file reader/writer the store uses.</summary>
    public KeyFile Files { get; }

    /// <summary>Gets the aliases currently held (a snapshot, in no particular order).</summary>
    public IReadOnlyCollection<string> Aliases => _keys.Keys.ToArray();

    /// <summary>Gets the key of <paramref name="alias"/>.</summary>
    /// <exception cref="KeyNotFoundException">No key has that alias (the message lists the known ones).</exception>
    public PrivateKey this[string alias] => TryGet(alias, out var key)
        ? key
        : throw new KeyNotFoundException($"No key with alias '{alias}'; known aliases: {string.Join(", ", Aliases.Order(StringComparer.Ordinal))}.");

    /// <summary>Looks up the key of <paramref name="alias"/>.</summary>
    public bool TryGet(string alias, [NotNullWhen(true)] out PrivateKey? key)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return _keys.TryGetValue(alias, out key);
    }

    /// <summary>Adds <paramref name="key"/> under <paramref name="alias"/>.</summary>
    /// <exception cref="ArgumentException">The alias is empty or already used.</exception>
    public void Add(string alias, PrivateKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(alias);
        ArgumentNullException.ThrowIfNull(key);
        if (!_keys.TryAdd(alias, key))
            throw new ArgumentException($"A key with alias '{alias}' already exists.", nameof(alias));
    }

    /// <summary>Generates a key that lives only in memory (no file) and adds it under <paramref name="alias"/>.</summary>
    /// <exception cref="ArgumentException">The alias is empty or used, or <paramref name="securityLevel"/> is unknown.</exception>
    public PrivateKey AddEphemeral(string alias, string securityLevel = KeyFactory.Curve25519)
    {
        var key = Factory.Generate(securityLevel);
        Add(alias, key);
        return key;
    }

    /// <summary>Resolves <paramref name="source"/> (see <see cref="KeyFile.Resolve"/>) and adds the key under <paramref name="alias"/>.</summary>
    /// <exception cref="ArgumentException">The alias is empty or used, or the generation level is unknown.</exception>
    /// <exception cref="KeyFileException">The key file is unreadable or corrupt (left untouched), or cannot be written.</exception>
    /// <exception cref="KeyFormatException">The configured bin is not a private key.</exception>
    public PrivateKey Load(string alias, KeySource source)
    {
        ArgumentException.ThrowIfNullOrEmpty(alias);
        if (_keys.ContainsKey(alias))
            throw new ArgumentException($"A key with alias '{alias}' already exists.", nameof(alias));
        var key = Files.Resolve(source);
        Add(alias, key);
        return key;
    }
}
