using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ipv8.Connectivity.Turn;

/// <summary>
/// Credentials for a TURN server: a long-term user name and password (RFC 8489 §9.2), or coturn's
/// time-limited credentials derived from a shared secret (<c>use-auth-secret</c>, the "TURN REST API"): user
/// name <c>"&lt;expiry unix seconds&gt;:&lt;user&gt;"</c>, password base64(HMAC-SHA1(secret, user name)).
/// The password and secret are kept private: <see cref="ToString"/> names the kind and the user only, so a
/// credentials object can be logged or put in an exception message without leaking the secret.
/// </summary>
public sealed class TurnCredentials
{
    private readonly byte[] _secret;

    private TurnCredentials(string user, byte[] secret, TimeSpan? validity)
    {
        User = user;
        _secret = secret;
        Validity = validity;
    }

    /// <summary>Gets the configured user (for shared-secret credentials, without the expiry prefix).</summary>
    public string User { get; }

    /// <summary>Gets how long derived shared-secret credentials stay valid; null for long-term credentials.</summary>
    public TimeSpan? Validity { get; }

    /// <summary>Gets whether these are shared-secret (time-limited) credentials.</summary>
    public bool IsSharedSecret => Validity is not null;

    /// <summary>Long-term credentials: a user name and its password, as in coturn's <c>user=name:password</c>.</summary>
    /// <exception cref="ArgumentException">The user name is empty, contains ':' or a control character, or exceeds 500 bytes; the password is empty.</exception>
    public static TurnCredentials LongTerm(string username, string password)
    {
        CheckUser(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new TurnCredentials(username, Encoding.UTF8.GetBytes(password), validity: null);
    }

    /// <summary>
    /// Time-limited credentials from coturn's <c>static-auth-secret</c>: each use derives a user name valid
    /// until now + <paramref name="validity"/> and its HMAC-SHA1 password.
    /// </summary>
    /// <param name="user">The user part (coturn accepts any; it is informational).</param>
    /// <param name="secret">The shared secret exactly as in the server's configuration.</param>
    /// <param name="validity">How long each derived user name stays valid (1 minute to 7 days). Default 1 hour.</param>
    /// <exception cref="ArgumentException">The user or secret is empty or invalid, or the validity is out of range.</exception>
    public static TurnCredentials SharedSecret(string user, string secret, TimeSpan? validity = null)
    {
        CheckUser(user);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var span = validity ?? TimeSpan.FromHours(1);
        if (span < TimeSpan.FromMinutes(1) || span > TimeSpan.FromDays(7))
            throw new ArgumentOutOfRangeException(nameof(validity), span, "Shared-secret credentials are valid for 1 minute to 7 days.");
        return new TurnCredentials(user, Encoding.UTF8.GetBytes(secret), span);
    }

    /// <summary>
    /// Reads a secret (password or shared secret) from a file, as an operator stores it: the whole file, a
    /// trailing line break removed. The path, never the content, appears in errors.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="ArgumentException">The file is empty.</exception>
    public static string ReadSecretFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = File.ReadAllText(path).TrimEnd('\r', '\n');
        if (text.Length == 0)
            throw new ArgumentException($"The secret file '{path}' is empty.", nameof(path));
        return text;
    }

    /// <summary>Names the kind and the user; never the password or secret.</summary>
    public override string ToString() => IsSharedSecret
        ? string.Create(CultureInfo.InvariantCulture, $"TURN shared-secret credentials for '{User}' (secret redacted, valid {Validity!.Value.TotalMinutes:0} min)")
        : $"TURN long-term credentials for '{User}' (password redacted)";

    /// <summary>Gets the user name and password to use at <paramref name="now"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "coturn's use-auth-secret scheme defines the password as HMAC-SHA1; the server recomputes it, so no other algorithm is accepted.")]
    internal (string Username, byte[] Password) Resolve(DateTimeOffset now)
    {
        if (Validity is not { } validity)
            return (User, _secret);
        var expiry = (now + validity).ToUnixTimeSeconds();
        var username = string.Create(CultureInfo.InvariantCulture, $"{expiry}:{User}");

        var mac = HMACSHA1.HashData(_secret, Encoding.UTF8.GetBytes(username));
        return (username, Encoding.ASCII.GetBytes(Convert.ToBase64String(mac)));
    }

    private static void CheckUser(string user)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        if (user.Contains(':', StringComparison.Ordinal) || user.Any(char.IsControl) || Encoding.UTF8.GetByteCount(user) > 500)
            throw new ArgumentException("A TURN user name has no ':' or control characters and at most 500 bytes.", nameof(user));
    }
}
