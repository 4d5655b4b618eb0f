using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// py-ipv8's default configuration (spec §10.1-10.2), as definitions. One deliberate difference: the default
/// <c>DispersyBootstrapper</c> lists no tracker addresses, because this project never ships public tracker
/// addresses; configure your trackers (or host one, see <see cref="TrackerDefinition"/>).
/// </summary>
public static class PyIpv8Defaults
{
    /// <summary>The default Dispersy bootstrapper definition (empty tracker lists, 30 s bootstrap timeout).</summary>
    /// <returns>The definition.</returns>
    public static BootstrapperDefinition DispersyBootstrapper() => new()
    {
        Class = "DispersyBootstrapper",
        Init = SettingsMap.FromObjects(new Dictionary<string, object?>
        {
            ["ip_addresses"] = Array.Empty<object>(),
            ["dns_addresses"] = Array.Empty<object>(),
            ["bootstrap_timeout"] = 30.0,
        }),
    };

    /// <summary>py-ipv8's default overlays: DiscoveryCommunity, HiddenTunnelCommunity, DHTDiscoveryCommunity.</summary>
    /// <returns>The definitions.</returns>
    public static EquatableArray<OverlayDefinition> Overlays()
    {
        var timeout = SettingsMap.FromObjects(new Dictionary<string, object?> { ["timeout"] = 3.0 });
        var randomWalk = new WalkerDefinition { Strategy = "RandomWalk", Peers = 20, Init = timeout };
        EquatableArray<BootstrapperDefinition> bootstrappers = [DispersyBootstrapper()];
        return
        [
            new OverlayDefinition
            {
                Name = "DiscoveryCommunity", Class = "DiscoveryCommunity", Key = KeyDefinition.DefaultAlias, Bootstrappers = bootstrappers,
                Walkers =
                [
                    randomWalk,
                    new WalkerDefinition
                    {
                        Strategy = "RandomChurn", Peers = -1,
                        Init = SettingsMap.FromObjects(new Dictionary<string, object?>
                        {
                            ["sample_size"] = 8, ["ping_interval"] = 10.0, ["inactive_time"] = 27.5, ["drop_time"] = 57.5,
                        }),
                    },
                    new WalkerDefinition { Strategy = "PeriodicSimilarity", Peers = -1 },
                ],
            },
            new OverlayDefinition
            {
                Name = "HiddenTunnelCommunity", Class = "HiddenTunnelCommunity", Key = KeyDefinition.DefaultAlias, Bootstrappers = bootstrappers, Walkers = [randomWalk],
                Initialize = SettingsMap.FromObjects(new Dictionary<string, object?>
                {
                    ["min_circuits"] = 1, ["max_circuits"] = 1, ["max_joined_circuits"] = 100, ["max_time"] = 600,
                    ["max_time_inactive"] = 20, ["max_traffic"] = 250 * 1024 * 1024, ["dht_lookup_interval"] = 30,
                }),
                OnStart = [new OnStartCall("build_tunnels", [ConfigValue.FromNumber(1)])],
            },
            new OverlayDefinition
            {
                Name = "DHTDiscoveryCommunity", Class = "DHTDiscoveryCommunity", Key = KeyDefinition.DefaultAlias, Bootstrappers = bootstrappers,
                Walkers = [randomWalk, new WalkerDefinition { Strategy = "PingChurn", Peers = -1 }],
            },
        ];
    }

    /// <summary>py-ipv8's whole default configuration (origin: defaults).</summary>
    /// <returns>The configuration.</returns>
    public static LauncherConfiguration Configuration() => new()
    {
        Interfaces = [new InterfaceDefinition()],
        Keys = [new KeyDefinition { Alias = KeyDefinition.DefaultAlias, Generation = KeyGenerations.Curve25519, File = "ec_multichain.pem" }],
        Overlays = Overlays(),
    };
}
