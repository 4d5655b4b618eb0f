namespace Launcher.Web;

/// <summary>Why the API refused a request; each is counted in <see cref="WebApiCounters"/> and shown by <c>GET /counters</c>.</summary>
public enum WebApiRejection
{
    /// <summary>A write, or any request on a non-loopback binding, came without an API key (401).</summary>
    MissingApiKey,

    /// <summary>The API key sent does not match (401).</summary>
    WrongApiKey,

    /// <summary>A write came while no API key is configured, so writes are disabled (403).</summary>
    WritesDisabled,

    /// <summary>The body was not valid JSON or form data (400).</summary>
    MalformedBody,

    /// <summary>The body was larger than <see cref="WebApiOptions.MaxRequestBodyBytes"/> (413).</summary>
    BodyTooLarge,

    /// <summary>Required parameters were missing or invalid (400).</summary>
    BadParameters,

    /// <summary>A dashboard file that does not exist was asked for, e.g. a path traversal (404).</summary>
    UnknownFile,

    /// <summary>No such route (404) or method (405).</summary>
    UnknownRoute,

    /// <summary>A <c>GET /events</c> client was refused because <see cref="WebApiOptions.MaxEventClients"/> were connected (503).</summary>
    TooManyEventClients,

    /// <summary>A <c>GET /events</c> client was dropped because it did not read an event within <see cref="WebApiOptions.EventWriteTimeout"/>.</summary>
    SlowEventClient,
}
