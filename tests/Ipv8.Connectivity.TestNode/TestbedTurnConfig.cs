using System.Globalization;
using System.Net;
using System.Text;

namespace Ipv8.Connectivity.TestNode;

/// <summary>
/// What coturn in the testbed is configured with. <see cref="Render"/> writes a configuration an operator would accept
/// for a closed deployment: listening and relaying on the TURN host's testbed address only, a realm, one authentication
/// scheme, a small relay port range, no CLI, TLS, DTLS or multicast, and peers limited to the testbed's "internet"
/// (198.51.100.0/24: every other address, loopback and private ranges included, is denied), so the relay forwards only
/// inside the testbed.
/// </summary>
public sealed class TestbedTurnConfig
{
    /// <summary>The realm coturn announces.</summary>
    public const string Realm = "ipv8.test";

    /// <summary>Gets the listening port (TCP and UDP). Default 3478.</summary>
    public int Port { get; init; } = 3478;

    /// <summary>Gets the long-term user (<c>lt-cred-mech</c>, <c>user=</c>), or null.</summary>
    public string? User { get; init; }

    /// <summary>Gets the long-term user's password (written only into the configuration file, mode 0600).</summary>
    public string? Password { get; init; }

    /// <summary>Gets the shared secret for time-limited credentials (<c>use-auth-secret</c>), or null.</summary>
    public string? AuthSecret { get; init; }

    /// <summary>Gets the longest allocation lifetime coturn grants (<c>max-allocate-lifetime</c>), or null for its default (3600 s).</summary>
    public TimeSpan? MaxAllocateLifetime { get; init; }

    /// <summary>Gets the first relay port; the range has 100 ports. Default 49152.</summary>
    public int RelayPortBase { get; init; } = 49152;

    /// <summary>Renders the configuration for coturn listening on <paramref name="address"/>, keeping its files in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidOperationException">Neither a user with a password nor an auth secret is set.</exception>
    public string Render(IPAddress address, string directory)
    {
        ArgumentNullException.ThrowIfNull(address);
        if ((User is null || Password is null) && AuthSecret is null)
            throw new InvalidOperationException("coturn needs a user with a password or an auth secret: an open relay is not configured");
        var config = new StringBuilder();
        config.AppendLine(CultureInfo.InvariantCulture, $"listening-ip={address}");
        config.AppendLine(CultureInfo.InvariantCulture, $"relay-ip={address}");
        config.AppendLine(CultureInfo.InvariantCulture, $"listening-port={Port}");
        config.AppendLine(CultureInfo.InvariantCulture, $"min-port={RelayPortBase}");
        config.AppendLine(CultureInfo.InvariantCulture, $"max-port={RelayPortBase + 99}");
        config.AppendLine(CultureInfo.InvariantCulture, $"realm={Realm}");
        config.AppendLine("fingerprint");
        if (User is not null && Password is not null)
        {
            config.AppendLine("lt-cred-mech");
            config.AppendLine(CultureInfo.InvariantCulture, $"user={User}:{Password}");
        }

        if (AuthSecret is not null)
        {
            config.AppendLine("use-auth-secret");
            config.AppendLine(CultureInfo.InvariantCulture, $"static-auth-secret={AuthSecret}");
        }

        if (MaxAllocateLifetime is { } lifetime)
            config.AppendLine(CultureInfo.InvariantCulture, $"max-allocate-lifetime={(int)lifetime.TotalSeconds}");

        // Peers: the testbed's internet only. allowed-peer-ip takes precedence over denied-peer-ip in coturn.
        config.AppendLine("denied-peer-ip=0.0.0.0-255.255.255.255");
        config.AppendLine("denied-peer-ip=::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        config.AppendLine("allowed-peer-ip=198.51.100.0-198.51.100.255");
        config.AppendLine("no-multicast-peers");
        config.AppendLine("no-cli");
        config.AppendLine("no-tls");
        config.AppendLine("no-dtls");
        config.AppendLine("no-software-attribute");
        config.AppendLine("log-file=stdout");
        config.AppendLine("simple-log");
        config.AppendLine(CultureInfo.InvariantCulture, $"pidfile={Path.Combine(directory, "turnserver.pid")}");
        config.AppendLine(CultureInfo.InvariantCulture, $"userdb={Path.Combine(directory, "turndb")}");
        return config.ToString();
    }
}
