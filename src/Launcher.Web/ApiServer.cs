using System.Net;
using System.Text.Json;
using Launcher.Connectivity;
using Launcher.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Web;

/// <summary>
/// The operator's REST API and live dashboard for a running launcher, on Kestrel (ASP.NET Core minimal APIs), bound to
/// <see cref="WebApiOptions.Endpoint"/> (127.0.0.1:8085 by default). Routes (py-ipv8's names and JSON fields where it has
/// them): <c>GET /overlays</c>, <c>GET /overlays/statistics</c>, <c>GET /network</c>, <c>POST /isolation</c>,
/// <c>GET /discovery</c> (namespaces advertised and found), <c>GET /connectivity</c> (NAT class, open pipes),
/// <c>GET /counters</c>, <c>GET /health</c> (200 ready / 503 with the reasons), <c>GET /events</c> (server-sent events),
/// <c>GET /openapi/v1.json</c>, and the dashboard at <c>GET /</c>.
/// </summary>
/// <remarks>
/// <para>API key (<c>X-Api-Key</c> or <c>?apikey=</c>): required for every write, and for every request when bound to a
/// non-loopback address; without a configured key, writes are refused (403) and a non-loopback binding refuses to start.
/// The key is never logged.</para>
/// <para>Bad input gets a clear 4xx with a JSON body and is counted (<see cref="Counters"/>, shown by <c>GET /counters</c>):
/// malformed bodies (400), bodies over <see cref="WebApiOptions.MaxRequestBodyBytes"/> (413), missing or wrong keys (401),
/// unknown routes and files (404). Slow clients are cut by Kestrel's header timeout and minimum data rates.</para>
/// </remarks>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly IOverlayLauncherService _launcher;
    private readonly ConnectivityNodes? _connectivity;
    private readonly WebApiOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private WebApplication? _app;

    /// <summary>Creates the server; nothing is bound until <see cref="StartAsync"/>.</summary>
    /// <param name="launcher">The launcher whose overlays are shown (started before or after the server).</param>
    /// <param name="options">Binding, key and limits.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="timeProvider">The clock of the event stream; the system clock when null.</param>
    /// <param name="connectivity">The launcher's connectivity nodes (<c>GET /connectivity</c>); null = none (the route then lists no node).</param>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    public ApiServer(IOverlayLauncherService launcher, WebApiOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, ConnectivityNodes? connectivity = null)
    {
        _connectivity = connectivity;
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(options);
        _launcher = launcher;
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("invalid API options: " + string.Join("; ", errors), nameof(options));
        }

        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ApiServer>();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the API's counters (refusals by reason, requests served).</summary>
    public WebApiCounters Counters { get; } = new();

    /// <summary>Gets the address the server listens on once started (e.g. <c>http://127.0.0.1:8085/</c>, with the real port when 0 was asked for); null before.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Binds and starts serving.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task completing once the server listens.</returns>
    /// <exception cref="InvalidOperationException">Already started; the key file is unreadable or empty; or the binding is not loopback and no API key is configured.</exception>
    /// <exception cref="IOException">The address cannot be bound (a port in use).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("the API server is already started");
        }

        var apiKey = ApiKeySource.Resolve(_options);
        var loopback = IPAddress.IsLoopback(_options.Endpoint.Address);
        if (!loopback && apiKey is null)
        {
            throw new InvalidOperationException($"the API would listen on {_options.Endpoint}, which is not a loopback address, without an API key; configure one (api key file or LAUNCHER_API_KEY) or bind 127.0.0.1");
        }

        var app = Build(apiKey, keyForReads: !loopback);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address");
        Address = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        WebLog.Listening(_logger, Address, apiKey is not null);
    }

    /// <summary>Stops serving (open event streams end); safe to call when not started.</summary>
    /// <param name="cancellationToken">Ends the graceful stop early.</param>
    /// <returns>A task completing when the server is stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is { } app)
        {
            _app = null;
            Address = null;
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server (see <see cref="StopAsync"/>).</summary>
    /// <returns>A task completing when the server is stopped.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private WebApplication Build(string? apiKey, bool keyForReads)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ApiServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // Everything comes from WebApiOptions: an appsettings.json beside the application or ASPNETCORE_* variables
        // (a Kestrel section, URLS) must not add endpoints or change limits behind the operator's back.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.WebHost.UseSetting(WebHostDefaults.PreferHostingUrlsKey, "false");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(_options.Endpoint);
            kestrel.Limits.MaxRequestBodySize = _options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 4 * 1024;
            kestrel.Limits.RequestHeadersTimeout = _options.RequestHeadersTimeout;
            kestrel.Limits.MaxConcurrentConnections = _options.MaxConnections;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        });
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = null, WriteIndented = false };
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = null);
        builder.Services.AddOpenApi();

        var app = builder.Build();
        var logger = _logger;
        var rejections = new Rejections(Counters, logger);
        var gate = new ApiKeyGate(apiKey, keyForReads, rejections);
        var view = new NodeView(_launcher);
        var isolation = new IsolationHandler(view, rejections, logger);
        var events = new EventStream(view, _options, rejections, Counters, _time, json);
        var files = new DashboardFiles();
        var connections = new ConnectionsView(_launcher, _connectivity, rejections);
        IResult Json(object body) => Results.Json(body, json);

        app.Use(async (context, next) =>
        {
            if (await gate.CheckAsync(context).ConfigureAwait(false))
            {
                try
                {
                    await next(context).ConfigureAwait(false);
                }
                catch (Microsoft.AspNetCore.Http.BadHttpRequestException exception) when (!context.Response.HasStarted)
                {
                    // Kestrel's own refusals surfacing in a handler (e.g. a body over the limit): a clear status, counted.
                    var reason = exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? WebApiRejection.BodyTooLarge : WebApiRejection.MalformedBody;
                    await rejections.WriteAsync(context, reason, exception.StatusCode, exception.Message).ConfigureAwait(false);
                }
            }

            rejections.CountOutcome(context);
        });

        app.MapGet("/overlays", () => Results.Json(view.GetOverlays(), json)).WithSummary("The running overlays (py-ipv8's GET /overlays).");
        app.MapGet("/overlays/statistics", () => Results.Json(view.GetStatistics(), json)).WithSummary("Traffic and drops per overlay (py-ipv8's GET /overlays/statistics).");
        app.MapGet("/network", () => Results.Json(view.GetNetwork(), json)).WithSummary("Every verified peer by base64 mid (py-ipv8's GET /network).");
        app.MapPost("/isolation", (Func<HttpContext, Task<IResult>>)isolation.HandleAsync).WithSummary("Adds a bootstrap (tracker) or walkable address at run time (py-ipv8's POST /isolation; needs the API key).");
        app.MapGet("/discovery", (HttpContext context) => connections.GetDiscovery(context, Json))
            .WithSummary("Per instance: the namespaces advertised (with confirmations) and the peers found per requested namespace (the discovery section); ?instance=N for one.");
        app.MapGet("/connectivity", (HttpContext context) => connections.GetConnectivity(context, Json))
            .WithSummary("Per instance: NAT class, public addresses, pipe server address and open pipes (the connectivity section); ?instance=N for one.");
        app.MapGet("/counters", () => Results.Json(view.GetCounters(Counters), json)).WithSummary("Every counter: per overlay, the hosted tracker's and the API's.");
        app.MapGet("/health", () =>
        {
            var (ready, body) = view.GetHealth();
            return Results.Json(body, json, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).WithSummary("200 when every overlay started and bootstrapped, else 503 with the reasons.");
        app.MapGet("/events", (Func<HttpContext, Task>)events.ServeAsync).WithSummary("Server-sent events: one snapshot per second (overlays, peers, rates, drops, limiter, tracker).");
        app.MapGet("/", () => Results.Redirect("/dashboard/index.html")).ExcludeFromDescription();
        app.MapGet("/dashboard/{name}", (HttpContext context, string name) => files.TryGet(name, out var file)
            ? Results.Bytes(file.Content, file.ContentType)
            : rejections.Refuse(context, WebApiRejection.UnknownFile, StatusCodes.Status404NotFound, "no such dashboard file")).ExcludeFromDescription();
        app.MapOpenApi();
        return app;
    }
}
