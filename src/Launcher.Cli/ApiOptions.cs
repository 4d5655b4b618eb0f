using System.CommandLine;
using System.Net;
using Launcher.Definitions;
using Launcher.Web;

namespace Launcher.Cli;

/// <summary>
/// <c>launcher run --api IP:PORT [--api-key-file FILE]</c> (or the file's <c>api:</c> section): serves the REST API and
/// dashboard (<see cref="ApiServer"/>) beside the overlays. Kept apart from <see cref="RunCommand"/> so the run command only
/// adds the options and one call.
/// </summary>
internal static class ApiOptions
{
    /// <summary>The <c>--api</c> option: where to serve; absent = no API.</summary>
    public static Option<string?> Api() => new("--api")
    {
        Description = "Serve the REST API and live dashboard on IP:PORT (e.g. 127.0.0.1:8085; a bare port binds 127.0.0.1). A non-loopback address requires an API key.",
    };

    /// <summary>The <c>--api-key-file</c> option: the key's file (else the LAUNCHER_API_KEY environment variable).</summary>
    public static Option<string?> ApiKeyFile() => new("--api-key-file")
    {
        Description = "File whose first line is the API key clients send as X-Api-Key (default: the LAUNCHER_API_KEY environment variable). Without a key, writes are refused.",
    };

    /// <summary>
    /// The API's options for <c>run</c>: <c>--api</c> wins over the file's <c>api: address</c>, <c>--api-key-file</c> over its
    /// <c>api_key_file</c>/<c>api_key_env</c>; relative key files in the file resolve against the file's directory. Null when
    /// neither the command line nor the file asks for an API.
    /// </summary>
    /// <param name="api">The <c>--api</c> value, or null.</param>
    /// <param name="keyFile">The <c>--api-key-file</c> value, or null.</param>
    /// <param name="section">The configuration's <c>api:</c> section, or null.</param>
    /// <returns>The options, or null for no API.</returns>
    /// <exception cref="ArgumentException"><paramref name="api"/> is not IP:PORT or PORT.</exception>
    public static WebApiOptions? Resolve(string? api, string? keyFile, ApiDefinition? section)
    {
        if (api is null && section is null)
        {
            return null;
        }

        IPEndPoint endpoint;
        if (api is not null)
        {
            if (!WebApiOptions.TryParseEndpoint(api, out endpoint))
            {
                throw new ArgumentException($"--api: '{api}' is not IP:PORT or PORT (e.g. 127.0.0.1:8085)");
            }
        }
        else if (!ApiDefinition.TryParseEndpoint(section!.Address, out endpoint))
        {
            // The binder reported it already; only reachable for a configuration made in code.
            throw new ArgumentException($"{section.Origin}: api.address: '{section.Address}' is not IP:PORT or PORT");
        }

        if (keyFile is not null)
        {
            return new WebApiOptions { Endpoint = endpoint, ApiKeyFile = keyFile };
        }

        var baseDirectory = section?.Origin.File is { } file ? Path.GetDirectoryName(Path.GetFullPath(file)) ?? "." : ".";
        return new WebApiOptions
        {
            Endpoint = endpoint,
            ApiKeyFile = section?.ApiKeyFile is { } sectionFile ? Path.GetFullPath(sectionFile, Path.GetFullPath(baseDirectory)) : null,
            ApiKeyEnvironmentVariable = section?.ApiKeyEnv ?? WebApiOptions.DefaultApiKeyEnvironmentVariable,
        };
    }
}
