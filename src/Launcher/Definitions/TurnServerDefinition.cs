namespace Launcher.Definitions;

/// <summary>
/// One <c>turn:</c> entry of the <c>connectivity:</c> section: a TURN server and where its credentials are. Exactly one
/// secret source is named — <see cref="PasswordFile"/>, <see cref="PasswordEnv"/> (long-term credentials, with
/// <see cref="Username"/>), <see cref="AuthSecretFile"/> or <see cref="AuthSecretEnv"/> (coturn's <c>use-auth-secret</c>
/// time-limited credentials). Secrets are never written inline, so this record holds none and may be printed.
/// Equality ignores <see cref="Origin"/>.
/// </summary>
public sealed record TurnServerDefinition
{
    /// <summary>Gets the server's IP address.</summary>
    public string Host { get; init; } = "";

    /// <summary>Gets the server's port. Default 3478.</summary>
    public int Port { get; init; } = 3478;

    /// <summary>Gets the user name (long-term credentials), or the user part of a time-limited name. Empty when not given.</summary>
    public string Username { get; init; } = "";

    /// <summary>Gets the file holding the password (long-term credentials), or null.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Gets the environment variable holding the password, or null.</summary>
    public string? PasswordEnv { get; init; }

    /// <summary>Gets the file holding coturn's shared <c>static-auth-secret</c>, or null.</summary>
    public string? AuthSecretFile { get; init; }

    /// <summary>Gets the environment variable holding coturn's shared secret, or null.</summary>
    public string? AuthSecretEnv { get; init; }

    /// <summary>Gets where the entry was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <summary>Gets whether the entry uses coturn's shared secret (time-limited credentials).</summary>
    public bool UsesAuthSecret => AuthSecretFile is not null || AuthSecretEnv is not null;

    /// <inheritdoc />
    public bool Equals(TurnServerDefinition? other) =>
        other is not null && Host == other.Host && Port == other.Port && Username == other.Username && PasswordFile == other.PasswordFile
        && PasswordEnv == other.PasswordEnv && AuthSecretFile == other.AuthSecretFile && AuthSecretEnv == other.AuthSecretEnv;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Host, Port, Username, PasswordFile, PasswordEnv, AuthSecretFile, AuthSecretEnv);

    /// <inheritdoc />
    public override string ToString() => $"TURN {Host}:{Port}";
}
