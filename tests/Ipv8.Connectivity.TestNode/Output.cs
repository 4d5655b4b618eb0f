namespace Ipv8.Connectivity.TestNode;

/// <summary>Standard output of the node program, one whole line at a time (log events come from several threads).</summary>
internal static class Output
{
    private static readonly Lock Gate = new();

    /// <summary>Writes <paramref name="text"/> as one line and flushes it, so the parent sees it at once.</summary>
    public static void Line(string text)
    {
        lock (Gate)
        {
            Console.Out.WriteLine(text);
            Console.Out.Flush();
        }
    }
}
