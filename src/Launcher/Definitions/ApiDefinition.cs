using System.Globalization;
using System.Net;

namespace Launcher.Definitions;

/// <summary>
/// Our extension: the <c>api:</c> section, where <c>launcher run</c> serves the REST API and dashboard (issue 13). The
/// command line's <c>--api</c> and <c>--api-key-file</c> win over <see cref="Address"/> and <see cref="ApiKeyFile"/>.
/// The key itself is never written in the file: it comes from <see cref="ApiKeyFile"/> or <see cref="ApiKeyEnv"/> (at most
/// one), else from the <c>LAUNCHER_API_KEY</c> environment variable. Equality ignores <see cref="Origin"/>.
/// </summary>
public sealed record ApiDefinition
{
    /// <summary>The address served when the section gives none: 127.0.0.1:8085.</summary>
    public const string DefaultAddress = "127.0.0.1:8085";

    /// <summary>Gets where to listen: <c>PORT</c> (on 127.0.0.1), <c>IP:PORT</c> or <c>[IPv6]:PORT</c>; default <see cref="DefaultAddress"/>.</summary>
    public string Address { get; init; } = DefaultAddress;

    /// <summary>Gets a file whose first line is the API key (relative paths: to the configuration file's directory); null = none.</summary>
    public string? ApiKeyFile { get; init; }

    /// <summary>Gets the environment variable holding the API key; null = <c>LAUNCHER_API_KEY</c> unless <see cref="ApiKeyFile"/> is set.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>Gets where the section was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <summary>Gets a value indicating whether the section names a key source (a file or an environment variable).</summary>
    public bool NamesKey => ApiKeyFile is not null || ApiKeyEnv is not null;

    /// <summary>
    /// Parses an API address: <c>PORT</c>, <c>IP:PORT</c> or <c>[IPv6]:PORT</c> (a bare port binds 127.0.0.1; port 0 takes
    /// any free port, and must then be written, e.g. <c>127.0.0.1:0</c>).
    /// </summary>
    /// <param name="text">The address.</param>
    /// <param name="endpoint">The endpoint, when valid; 127.0.0.1:0 otherwise.</param>
    /// <returns>True when <paramref name="text"/> is valid.</returns>
    public static bool TryParseEndpoint(string? text, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            if (port > IPEndPoint.MaxPort)
            {
                return false;
            }

            endpoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }

        // IPEndPoint.TryParse takes a bare IP as port 0: a port must be written.
        if (IPEndPoint.TryParse(text, out var parsed) && text.Contains(':', StringComparison.Ordinal) && (parsed.Port != 0 || text.EndsWith(":0", StringComparison.Ordinal)))
        {
            endpoint = parsed;
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(ApiDefinition? other) => other is not null && Address == other.Address && ApiKeyFile == other.ApiKeyFile && ApiKeyEnv == other.ApiKeyEnv;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Address, ApiKeyFile, ApiKeyEnv);
}
