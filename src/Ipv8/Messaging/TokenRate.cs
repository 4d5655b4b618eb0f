namespace Ipv8.Messaging;

/// <summary>The parameters of a <see cref="TokenBucket"/>: tokens per second, bucket size, and the clock's ticks per second.</summary>
/// <param name="PerSecond">Tokens added per second (positive).</param>
/// <param name="Burst">The bucket size; a new bucket starts full (positive).</param>
/// <param name="Frequency">Timestamp ticks per second of the clock the caller passes (<see cref="TimeProvider.TimestampFrequency"/> or <see cref="TimeSpan.TicksPerSecond"/>).</param>
internal readonly record struct TokenRate(double PerSecond, double Burst, long Frequency)
{
    /// <summary>Returns a rate for callers that pass <see cref="DateTimeOffset.UtcTicks"/> (<see cref="TimeSpan.TicksPerSecond"/> per second).</summary>
    public static TokenRate InUtcTicks(double perSecond, double burst) => new(perSecond, burst, TimeSpan.TicksPerSecond);

    /// <summary>Gets the ticks after which an emptied bucket is full again: a bucket idle that long is indistinguishable from a new one.</summary>
    public long FullRefillTicks => (long)Math.Min(long.MaxValue, Burst / PerSecond * Frequency);
}
