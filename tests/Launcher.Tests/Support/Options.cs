using System.Text.Json;
using Ipv8.Communities;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Tests.Support;

/// <summary>Shorthands for binding options the way the launcher does (<see cref="OptionsBinder"/>).</summary>
public static class Options
{
    public static ConfigValue Object(string json) => ConfigValue.FromJson(JsonDocument.Parse(json).RootElement);

    /// <summary>Every problem of creating a <paramref name="type"/> from <paramref name="value"/> (unknown keys, values, validation).</summary>
    public static List<string> Problems(Type type, ConfigValue value)
    {
        var problems = new List<string>();
        _ = OptionsBinder.Create(type, value.Properties, problems);
        return problems;
    }

    /// <summary>Every problem of an overlay's <c>initialize</c> (bound to <see cref="CommunitySettings"/>).</summary>
    public static List<string> InitializeProblems(ConfigValue value)
    {
        var problems = new List<string>();
        _ = OptionsBinder.Bind(typeof(CommunitySettings), value.Properties, problems);
        return problems;
    }

    /// <summary>The settings a host makes for an overlay, with <paramref name="initialize"/> applied.</summary>
    public static CommunitySettings ApplyInitialize(ConfigValue initialize)
    {
        var problems = new List<string>();
        var bound = OptionsBinder.Bind(typeof(CommunitySettings), initialize.Properties, problems);
        Assert.That(problems, Is.Empty);
        var keys = new Ipv8.Keys.KeyFactory();
        return bound.ApplyTo(new CommunitySettings
        {
            CommunityId = new byte[20],
            MyPeer = new Ipv8.Peers.MyPeer(keys.GenerateCurve25519()),
            Endpoint = new Ipv8.Simulation.SimulatedNetwork(new Ipv8.Simulation.SimulatedNetworkOptions { Seed = 1 }).CreateEndpoint(),
            Network = new Ipv8.Peers.Network(),
            KeyFactory = keys,
        });
    }
}
