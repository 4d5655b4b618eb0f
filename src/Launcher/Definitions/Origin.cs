namespace Launcher.Definitions;

/// <summary>
/// Where a definition or setting came from, shown in every error and in the launch plan:
/// <c>overlays.yaml:14:9</c>, <c>attribute [WalkStrategy] on ChatLauncher</c>, <c>ConfigBuilder</c>,
/// <c>environment variable LAUNCHER__walker_interval</c>. Origins never take part in definition equality.
/// </summary>
/// <param name="Description">The text shown for non-file origins (and the file path for file origins).</param>
/// <param name="File">The file path as given to the loader, or null when the origin is not a file.</param>
/// <param name="Line">1-based line in <paramref name="File"/> (0 when unknown).</param>
/// <param name="Column">1-based column in <paramref name="File"/> (0 when unknown).</param>
public sealed record Origin(string Description, string? File = null, int Line = 0, int Column = 0)
{
    /// <summary>The origin of values nobody declared (built-in defaults of this library).</summary>
    public static Origin Defaults { get; } = new("defaults");

    /// <summary>The origin of everything produced by <c>ConfigBuilder</c>.</summary>
    public static Origin Builder { get; } = new("ConfigBuilder");

    /// <summary>A position in a configuration file.</summary>
    /// <param name="file">The file path.</param>
    /// <param name="line">1-based line (0 = unknown).</param>
    /// <param name="column">1-based column (0 = unknown).</param>
    /// <returns>The origin.</returns>
    public static Origin InFile(string file, int line = 0, int column = 0) => new(file, file, line, column);

    /// <summary>An attribute on a launcher class, e.g. <c>attribute [WalkStrategy] on ChatLauncher</c>.</summary>
    /// <param name="attribute">The attribute name without the <c>Attribute</c> suffix.</param>
    /// <param name="type">The decorated type.</param>
    /// <returns>The origin.</returns>
    public static Origin FromAttribute(string attribute, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new($"attribute [{attribute}] on {type.Name}");
    }

    /// <summary>An environment variable that overrides a setting.</summary>
    /// <param name="name">The variable name.</param>
    /// <returns>The origin.</returns>
    public static Origin FromEnvironment(string name) => new($"environment variable {name}");

    /// <inheritdoc />
    public override string ToString()
    {
        if (File is null)
        {
            return Description;
        }

        return Line <= 0 ? File : Column <= 0 ? $"{File}:{Line}" : $"{File}:{Line}:{Column}";
    }
}
