using System.Collections.Frozen;

namespace Launcher.Web;

/// <summary>
/// The dashboard's files, read once from the assembly's embedded resources. Only these fixed names are served, so a
/// request for anything else (a path traversal included) finds nothing; no file system is read.
/// </summary>
internal sealed class DashboardFiles
{
    private readonly FrozenDictionary<string, (byte[] Content, string ContentType)> _files;

    public DashboardFiles()
    {
        var assembly = typeof(DashboardFiles).Assembly;
        (string Name, string Type)[] files = [("index.html", "text/html; charset=utf-8"), ("dashboard.js", "text/javascript; charset=utf-8"), ("dashboard.css", "text/css; charset=utf-8")];
        _files = files.ToFrozenDictionary(
            f => f.Name,
            f =>
            {
                using var stream = assembly.GetManifestResourceStream("Launcher.Web.Dashboard." + f.Name)
                    ?? throw new InvalidOperationException($"the dashboard resource {f.Name} is missing from the assembly");
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return (copy.ToArray(), f.Type);
            },
            StringComparer.Ordinal);
    }

    /// <summary>Finds a file by its exact name.</summary>
    public bool TryGet(string name, out (byte[] Content, string ContentType) file) => _files.TryGetValue(name, out file);
}
