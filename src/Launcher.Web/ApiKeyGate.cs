using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Launcher.Web;

/// <summary>
/// Checks the API key before routing: every write (any method but GET, HEAD, OPTIONS) needs the key, and on a non-loopback
/// binding every request does. The key comes as <c>X-Api-Key</c> or <c>?apikey=</c> (py-ipv8's two ways; the query form
/// lets a browser's EventSource send it). Compared in constant time.
/// </summary>
internal sealed class ApiKeyGate(string? apiKey, bool keyForReads, Rejections rejections)
{
    private readonly byte[]? _key = apiKey is null ? null : Encoding.UTF8.GetBytes(apiKey);

    /// <summary>Returns true when the request may go on; otherwise the refusal has been written.</summary>
    public async Task<bool> CheckAsync(HttpContext context)
    {
        var write = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));
        if (!write && !keyForReads)
        {
            return true;
        }

        if (_key is null)
        {
            // Reached only for writes: a non-loopback binding without a key is refused at start.
            await rejections.WriteAsync(context, WebApiRejection.WritesDisabled, StatusCodes.Status403Forbidden, "writes are disabled: no API key is configured (--api-key-file or LAUNCHER_API_KEY)").ConfigureAwait(false);
            return false;
        }

        string? sent = context.Request.Headers["X-Api-Key"];
        if (string.IsNullOrEmpty(sent))
        {
            sent = context.Request.Query["apikey"];
        }

        if (string.IsNullOrEmpty(sent))
        {
            await rejections.WriteAsync(context, WebApiRejection.MissingApiKey, StatusCodes.Status401Unauthorized, "an API key is required (X-Api-Key header)").ConfigureAwait(false);
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), _key))
        {
            await rejections.WriteAsync(context, WebApiRejection.WrongApiKey, StatusCodes.Status401Unauthorized, "the API key is wrong").ConfigureAwait(false);
            return false;
        }

        return true;
    }
}
