namespace Ipv8.Connectivity.Ladder;

/// <summary>Every rung failed to open a pipe; <see cref="Attempts"/> lists each with its reason.</summary>
public sealed class ConnectionFailedException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public ConnectionFailedException()
    {
    }

    /// <summary>Initializes the exception with a reason.</summary>
    public ConnectionFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with a reason and a cause.</summary>
    public ConnectionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes the exception from the failed attempts.</summary>
    public ConnectionFailedException(string peer, IReadOnlyList<RungAttempt> attempts)
        : base($"No pipe to {peer}: " + (attempts.Count == 0 ? "no rung configured" : string.Join("; ", attempts.Select(a => $"{a.Method}: {a.Result} ({a.Elapsed.TotalMilliseconds:0} ms)"))))
    {
        Attempts = attempts;
    }

    /// <summary>Gets every attempt, in order.</summary>
    public IReadOnlyList<RungAttempt> Attempts { get; } = [];
}
