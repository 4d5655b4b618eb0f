using System.Globalization;

namespace Launcher.Benchmarks;

/// <summary>Command-line options of the launcher benchmarks (<c>--name value</c> pairs; <c>--env</c> may repeat).</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public List<KeyValuePair<string, string>> Environment { get; } = [];

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected '--name value', got '{args[i]}'");
            }

            var name = args[i][2..];
            var value = args[++i];
            if (name == "env")
            {
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                options.Environment.Add(new(value[..equals], value[(equals + 1)..]));
            }
            else
            {
                options._values[name] = value;
            }
        }

        return options;
    }

    public int Int(string name, int defaultValue) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public string? String(string name) => _values.GetValueOrDefault(name);
}
