using Ipv8.Communities;

namespace Launcher.Cli;

/// <summary>Prints the live table of overlays and their peer counts.</summary>
internal static class LiveTable
{
    public static void Print(IReadOnlyList<(string Name, Community Overlay)> overlays)
    {
        Console.WriteLine($"{DateTime.Now:HH:mm:ss}  {"overlay",-28} {"address",-22} {"peers",5}  {"walkable",8}");
        foreach (var (name, overlay) in overlays)
        {
            int peers;
            int walkable;
            lock (overlay.Network.SyncRoot)
            {
                peers = overlay.PeerCount;
                walkable = overlay.GetWalkableAddresses().Count;
            }

            Console.WriteLine($"          {name,-28} {overlay.Endpoint.LocalAddress,-22} {peers,5}  {walkable,8}");
        }
    }
}
