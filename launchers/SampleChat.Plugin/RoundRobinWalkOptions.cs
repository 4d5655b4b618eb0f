using System.Globalization;
using Ipv8.Discovery;

namespace SampleChat;

/// <summary>Settings of <see cref="RoundRobinWalk"/>, bound from a walker's <c>init</c> (snake_case keys; unknown keys are rejected).</summary>
public sealed record RoundRobinWalkOptions : IStrategyOptions
{
    /// <summary>
    /// Gets how long an address that was walked to is skipped (<c>revisit_after</c>); when it passes and no verified peer
    /// uses the address, the address is forgotten. Default 3 s; must be greater than 0.
    /// </summary>
    public TimeSpan RevisitAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Gets how often a step asks a peer for an introduction instead of walking (<c>introduction_every</c>): every n-th
    /// step. Default 4; must be between 1 and 1000 (1 = always ask).
    /// </summary>
    public int IntroductionEvery { get; init; } = 4;

    /// <summary>Gets the most walked-to addresses remembered at once (<c>max_tracked</c>). Default 256; must be between 1 and 65536.</summary>
    public int MaxTracked { get; init; } = 256;

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => [.. Problems().Select(p => p.Message)];

    /// <inheritdoc/>
    public void ThrowIfInvalid()
    {
        if (Problems().FirstOrDefault() is ({ } property, { } message))
        {
            throw new ArgumentOutOfRangeException(property, message);
        }
    }

    private IEnumerable<(string Property, string Message)> Problems()
    {
        if (RevisitAfter <= TimeSpan.Zero)
        {
            yield return (nameof(RevisitAfter), string.Create(CultureInfo.InvariantCulture, $"revisit_after must be greater than 0 (was {RevisitAfter.TotalSeconds} s)"));
        }

        if (IntroductionEvery is < 1 or > 1000)
        {
            yield return (nameof(IntroductionEvery), string.Create(CultureInfo.InvariantCulture, $"introduction_every must be between 1 and 1000 (was {IntroductionEvery})"));
        }

        if (MaxTracked is < 1 or > 65536)
        {
            yield return (nameof(MaxTracked), string.Create(CultureInfo.InvariantCulture, $"max_tracked must be between 1 and 65536 (was {MaxTracked})"));
        }
    }
}
