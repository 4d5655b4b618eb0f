using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Launcher.Web;

/// <summary>Answers a refused request with a clear status and JSON body (<c>{"success": false, "error": ...}</c>, py-ipv8's error shape) and counts it.</summary>
internal sealed class Rejections(WebApiCounters counters, ILogger logger)
{
    private const string CountedKey = "Launcher.Web.RejectionCounted";

    /// <summary>Counts <paramref name="reason"/> for <paramref name="context"/> (once per request) and returns the error result.</summary>
    public IResult Refuse(HttpContext context, WebApiRejection reason, int status, string message)
    {
        Count(context, reason);
        return Results.Json(new { success = false, error = message }, statusCode: status);
    }

    /// <summary>Writes the error directly (for middleware, before routing).</summary>
    public Task WriteAsync(HttpContext context, WebApiRejection reason, int status, string message) =>
        Refuse(context, reason, status, message).ExecuteAsync(context);

    /// <summary>Counts the request once: a refusal with its reason, a 404/405 as an unknown route, anything else below 400 as served.</summary>
    public void CountOutcome(HttpContext context)
    {
        if (context.Items.ContainsKey(CountedKey))
        {
            return;
        }

        if (context.Response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
        {
            Count(context, WebApiRejection.UnknownRoute);
        }
        else if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            Count(context, WebApiRejection.BodyTooLarge);
        }
        else if (context.Response.StatusCode >= 400)
        {
            Count(context, WebApiRejection.BadParameters);
        }
        else
        {
            counters.CountServed();
        }
    }

    private void Count(HttpContext context, WebApiRejection reason)
    {
        if (context.Items.TryAdd(CountedKey, reason))
        {
            counters.Rejections.Increment(reason);
            WebLog.Refused(logger, context.Request.Method, context.Request.Path, reason);
        }
    }
}
