using System.Net;

namespace Launcher.Web;

/// <summary>
/// Settings of the operator's REST API and dashboard (<see cref="ApiServer"/>). Defaults: 127.0.0.1:8085, no API key
/// (reads allowed from loopback, writes refused), 16 KiB request bodies, one event per second to at most 16 clients.
/// </summary>
public sealed record WebApiOptions
{
    /// <summary>The default environment variable holding the API key (<see cref="ApiKeyEnvironmentVariable"/>).</summary>
    public const string DefaultApiKeyEnvironmentVariable = "LAUNCHER_API_KEY";

    /// <summary>Gets the address and port to listen on; default 127.0.0.1:8085. Port 0 takes any free port (see <see cref="ApiServer.Address"/>).</summary>
    public IPEndPoint Endpoint { get; init; } = new(IPAddress.Loopback, 8085);

    /// <summary>
    /// Gets the API key itself (clients send it as <c>X-Api-Key</c> or <c>?apikey=</c>, as py-ipv8); null = read from
    /// <see cref="ApiKeyFile"/>, else from <see cref="ApiKeyEnvironmentVariable"/>. Never logged or printed.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>Gets a file whose first line is the API key; null = none. An unreadable or empty file fails the start.</summary>
    public string? ApiKeyFile { get; init; }

    /// <summary>Gets the environment variable read for the key when neither <see cref="ApiKey"/> nor <see cref="ApiKeyFile"/> is set; default <c>LAUNCHER_API_KEY</c>; null = none.</summary>
    public string? ApiKeyEnvironmentVariable { get; init; } = DefaultApiKeyEnvironmentVariable;

    /// <summary>Gets the largest request body accepted (larger: 413, counted); default 16 KiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024;

    /// <summary>Gets the time a client has to send its request headers (Kestrel's limit against slow clients); default 10 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the most connections served at once (further ones are refused by Kestrel); default 64.</summary>
    public long MaxConnections { get; init; } = 64;

    /// <summary>Gets the interval between two events of <c>GET /events</c>; default 1 s.</summary>
    public TimeSpan EventInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the most <c>GET /events</c> clients at once (further ones get 503, counted); default 16.</summary>
    public int MaxEventClients { get; init; } = 16;

    /// <summary>Gets how long one event may take to reach a client before that client is dropped (a slow reader holds nothing else up); default 5 s.</summary>
    public TimeSpan EventWriteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Returns the problems of these options (empty when valid).</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Endpoint is null)
        {
            errors.Add("api endpoint: required");
        }

        if (MaxRequestBodyBytes <= 0)
        {
            errors.Add("max request body: must be positive");
        }

        if (RequestHeadersTimeout <= TimeSpan.Zero || EventInterval <= TimeSpan.Zero || EventWriteTimeout <= TimeSpan.Zero)
        {
            errors.Add("timeouts and the event interval must be positive");
        }

        if (MaxConnections <= 0 || MaxEventClients <= 0)
        {
            errors.Add("connection limits must be positive");
        }

        return errors;
    }

    /// <summary>
    /// Parses an <c>--api</c> value: <c>PORT</c>, <c>IP:PORT</c> or <c>[IPv6]:PORT</c> (a bare port binds 127.0.0.1).
    /// </summary>
    /// <param name="text">The value.</param>
    /// <param name="endpoint">The endpoint, when valid.</param>
    /// <returns>True when <paramref name="text"/> is valid.</returns>
    public static bool TryParseEndpoint(string? text, out IPEndPoint endpoint) => Launcher.Definitions.ApiDefinition.TryParseEndpoint(text, out endpoint);
}
