namespace VersionedPlugin;

/// <summary>Options of <see cref="ShoutingWalk"/>.</summary>
public sealed record ShoutingWalkOptions
{
    public string Name { get; init; } = "walk";

    public int Times { get; init; } = 2;
}
