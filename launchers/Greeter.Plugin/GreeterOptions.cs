namespace Greeter;

/// <summary>The settings of a <see cref="GreeterCommunity"/> (a file's <c>initialize</c>).</summary>
public sealed record GreeterOptions
{
    /// <summary>Gets how long a greeted peer has to answer before the next one is taken (default 5 s; 0.1 s to 5 min).</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long a namespace's query may go without progress before the tour moves on (default 60 s; 1 s to 1 h).</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the text of our greetings (default "hello"; 1-255 UTF-8 bytes, no control characters).</summary>
    public string Text { get; init; } = "hello";

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ReplyTimeout < TimeSpan.FromMilliseconds(100) || ReplyTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add("reply_timeout must be between 0.1 and 300 seconds");
        }

        if (QueryTimeout < TimeSpan.FromSeconds(1) || QueryTimeout > TimeSpan.FromHours(1))
        {
            problems.Add("query_timeout must be between 1 and 3600 seconds");
        }

        if (GreetingPayload.Check(Text) is { } problem)
        {
            problems.Add("text: " + problem);
        }

        return problems;
    }
}
