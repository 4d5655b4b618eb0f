using System.Globalization;
using System.Net;
using System.Text.Json;
using Ipv8.Bootstrapping;
using Ipv8.Messaging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Launcher.Web;

/// <summary>
/// py-ipv8's <c>POST /isolation</c>: adds an address at run time to every running overlay (or only those named by
/// <c>overlay</c>). Fields, from a JSON body, form data or the query string (py-ipv8's three generations): <c>ip</c>,
/// <c>port</c>, and <c>bootstrapnode</c> (a tracker: a new DispersyBootstrapper walking to it) and/or <c>exitnode</c>
/// (py-ipv8's name) or <c>walkable</c> (an address every overlay walks to now). Answers <c>{"success": true, "overlays": n}</c>.
/// </summary>
internal sealed class IsolationHandler(NodeView view, Rejections rejections, ILogger logger)
{
    /// <summary>Handles one request; never throws for bad input (400/413, counted).</summary>
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        Dictionary<string, string> fields;
        try
        {
            fields = await ReadFieldsAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return rejections.Refuse(context, WebApiRejection.BodyTooLarge, StatusCodes.Status413PayloadTooLarge, "the request body is too large");
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException or BadHttpRequestException or InvalidOperationException)
        {
            return rejections.Refuse(context, WebApiRejection.MalformedBody, StatusCodes.Status400BadRequest, "the body is not a JSON object or form data: " + exception.Message);
        }

        if (!fields.TryGetValue("ip", out var ipText) || !fields.TryGetValue("port", out var portText))
        {
            return rejections.Refuse(context, WebApiRejection.BadParameters, StatusCodes.Status400BadRequest, "Parameters 'ip' and 'port' are required");
        }

        var bootstrap = IsSet(fields, "bootstrapnode");
        var walkable = IsSet(fields, "exitnode") || IsSet(fields, "walkable");
        if (!bootstrap && !walkable)
        {
            return rejections.Refuse(context, WebApiRejection.BadParameters, StatusCodes.Status400BadRequest, "Parameter 'exitnode', 'walkable' or 'bootstrapnode' is required");
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > IPEndPoint.MaxPort)
        {
            return rejections.Refuse(context, WebApiRejection.BadParameters, StatusCodes.Status400BadRequest, "Unable to parse port number (1-65535)");
        }

        if (!IPAddress.TryParse(ipText, out var ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
        {
            return rejections.Refuse(context, WebApiRejection.BadParameters, StatusCodes.Status400BadRequest, "Unable to parse the IP address");
        }

        fields.TryGetValue("overlay", out var only);
        var targets = view.Overlays().Where(o => only is null || o.Overlay.Name == only).ToList();
        if (targets.Count == 0)
        {
            return rejections.Refuse(context, WebApiRejection.BadParameters, StatusCodes.Status400BadRequest, only is null ? "no overlay is running" : $"no running overlay is named '{only}'");
        }

        var address = UdpAddress.From(ip, port);
        foreach (var (_, _, overlay) in targets)
        {
            if (bootstrap)
            {
                // A tracker of its own per overlay (a bootstrapper's rate limit and list are per overlay), then walk to it now.
                overlay.Community.AddBootstrapper(new DispersyBootstrapper(new DispersyBootstrapperOptions { IpAddresses = [address] }));
                overlay.Community.Bootstrap();
            }

            overlay.Community.WalkTo(address);
        }

        WebLog.IsolationAdded(logger, bootstrap ? "bootstrap" : "walkable", address, targets.Count);
        return Results.Json(new { success = true, overlays = targets.Count });
    }

    private static bool IsSet(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is not ("" or "0" or "false" or "False");

    private static async Task<Dictionary<string, string>> ReadFieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Query)
        {
            fields[name] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (name, value) in form)
            {
                fields[name] = value.ToString();
            }
        }
        else if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 4 }, cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("the JSON body must be an object");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? "",
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => property.Value.GetRawText(),
                    _ => throw new JsonException($"field '{property.Name}' must be a string, number or boolean"),
                };
            }
        }

        return fields;
    }
}
