using System.Net;
using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// Binds the <c>api:</c> section (schema <c>$defs/api</c>) and checks what the schema cannot, each problem at its line: an
/// address that is not <c>PORT</c>, <c>IP:PORT</c> or <c>[IPv6]:PORT</c>; both key sources at once; and an address that is
/// not loopback without a key source (the API would be open to the network).
/// </summary>
internal static class ApiBinder
{
    internal static readonly ObjectBinder<ApiDefinition> Section = new("api", new Dictionary<string, Func<ApiDefinition, ConfigNode, string, ErrorList, ApiDefinition>>
    {
        // A bare port may be written as a number (api: { address: 8085 }).
        ["address"] = (d, n, _, _) => (n.Text() ?? n.Int()?.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } v ? d with { Address = v } : d,
        ["api_key_file"] = (d, n, _, _) => n.Text() is { } v ? d with { ApiKeyFile = v } : d,
        ["api_key_env"] = (d, n, _, _) => n.Text() is { } v ? d with { ApiKeyEnv = v } : d,
    });

    /// <summary>Binds the section and reports every problem the schema cannot see.</summary>
    public static ApiDefinition Bind(ConfigNode node, string path, ErrorList errors)
    {
        var bound = Section.Bind(new() { Origin = node.Origin }, node, path, errors);
        var addressNode = node.Get("address");
        if (!ApiDefinition.TryParseEndpoint(bound.Address, out var endpoint))
        {
            errors.Add(addressNode?.Origin ?? node.Origin, ConfigNode.Child(path, "address"), $"'{bound.Address}' is not PORT, IP:PORT or [IPv6]:PORT (e.g. {ApiDefinition.DefaultAddress})");
        }
        else if (!IPAddress.IsLoopback(endpoint.Address) && !bound.NamesKey)
        {
            errors.Add(addressNode?.Origin ?? node.Origin, ConfigNode.Child(path, "address"), $"'{bound.Address}' is not a loopback address: name the API key with api_key_file or api_key_env, or bind 127.0.0.1");
        }

        if (bound.ApiKeyFile is not null && bound.ApiKeyEnv is not null)
        {
            errors.Add(node.Get("api_key_env")?.Origin ?? node.Origin, ConfigNode.Child(path, "api_key_env"), "give the API key once: api_key_file or api_key_env, not both");
        }

        return bound;
    }
}
