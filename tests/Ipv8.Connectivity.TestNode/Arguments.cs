using System.Globalization;
using System.Net;

namespace Ipv8.Connectivity.TestNode;

/// <summary><c>--name value</c> pairs after the command word.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Arguments(IReadOnlyList<string> args)
    {
        for (var i = 1; i + 1 < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Expected --name, got '{args[i]}'.");
            _values[args[i][2..]] = args[i + 1];
        }
    }

    public string Get(string name) => _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int GetInt(string name, int fallback) => _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public IPAddress GetIp(string name) => IPAddress.Parse(Get(name));

    public IReadOnlyList<IPEndPoint> GetEndPoints(string name) =>
        Get(name, string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(IPEndPoint.Parse).ToList();

    public TimeSpan Lifetime => TimeSpan.FromSeconds(GetInt("lifetime", 60));
}
