using System.Collections.Immutable;
using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// The fluent front door: py-ipv8's <c>ConfigBuilder</c> with C# names (spec §10.4), producing the same
/// <see cref="LauncherConfiguration"/> as the files. Not thread-safe; each call returns this builder.
/// </summary>
public sealed partial class ConfigBuilder
{
    private ImmutableList<InterfaceDefinition> _interfaces;
    private ImmutableList<KeyDefinition> _keys;
    private ImmutableList<OverlayDefinition> _overlays;
    private ImmutableList<string> _plugins = [];
    private TrackerDefinition? _tracker;
    private DiscoveryDefinition? _discovery;
    private string _logLevel = "INFO";
    private string _workingDirectory = ".";
    private TimeSpan _walkerInterval = LauncherConfiguration.DefaultWalkerInterval;

    /// <summary>Starts from py-ipv8's defaults (<see cref="PyIpv8Defaults.Configuration"/>).</summary>
    public ConfigBuilder()
    {
        var defaults = PyIpv8Defaults.Configuration();
        _interfaces = [.. defaults.Interfaces];
        _keys = [.. defaults.Keys];
        _overlays = [.. defaults.Overlays.Select(o => o with { Origin = Origin.Builder })];
    }

    /// <summary>Starts from nothing (py-ipv8's <c>ConfigBuilder(clean=True)</c>): no interfaces, keys or overlays.</summary>
    /// <returns>The builder.</returns>
    public static ConfigBuilder Clean() => new ConfigBuilder().ClearKeys().ClearOverlays().ClearInterfaces();

    /// <summary>Convenience: a walker definition for <c>AddOverlay</c>.</summary>
    /// <param name="strategy">Strategy name, e.g. <c>RandomWalk</c>.</param>
    /// <param name="peers">Target peers (−1 = always). Default 20.</param>
    /// <param name="init">Strategy settings; values as for <see cref="SettingsMap.FromObjects"/>.</param>
    /// <returns>The definition.</returns>
    public static WalkerDefinition Walker(string strategy, int peers = WalkerDefinition.DefaultPeers, IReadOnlyDictionary<string, object?>? init = null) =>
        new() { Strategy = strategy, Peers = peers, Init = SettingsMap.FromObjects(init), Origin = Origin.Builder };

    /// <summary>Convenience: a bootstrapper definition for <c>AddOverlay</c>.</summary>
    /// <param name="className">Bootstrapper class name, e.g. <c>DispersyBootstrapper</c>.</param>
    /// <param name="init">Bootstrapper settings.</param>
    /// <returns>The definition.</returns>
    public static BootstrapperDefinition Bootstrapper(string className, IReadOnlyDictionary<string, object?>? init = null) =>
        new() { Class = className, Init = SettingsMap.FromObjects(init), Origin = Origin.Builder };

    /// <summary>Removes all keys.</summary>
    /// <returns>This builder.</returns>
    public ConfigBuilder ClearKeys()
    {
        _keys = [];
        return this;
    }

    /// <summary>Removes all overlays.</summary>
    /// <returns>This builder.</returns>
    public ConfigBuilder ClearOverlays()
    {
        _overlays = [];
        return this;
    }

    /// <summary>Removes all interfaces.</summary>
    /// <returns>This builder.</returns>
    public ConfigBuilder ClearInterfaces()
    {
        _interfaces = [];
        return this;
    }

    /// <summary>Sets the address of the <paramref name="interfaceKind"/> interface, adding it when absent.</summary>
    /// <param name="ip">Address to bind.</param>
    /// <param name="interfaceKind"><c>UDPIPv4</c> (default) or <c>UDPIPv6</c>.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder SetAddress(string ip, string interfaceKind = InterfaceDefinition.UdpIPv4) =>
        UpdateInterface(interfaceKind, i => i with { Ip = ip });

    /// <summary>Sets the port of the <paramref name="interfaceKind"/> interface, adding it when absent.</summary>
    /// <param name="port">Port to bind.</param>
    /// <param name="interfaceKind"><c>UDPIPv4</c> (default) or <c>UDPIPv6</c>.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder SetPort(int port, string interfaceKind = InterfaceDefinition.UdpIPv4) =>
        UpdateInterface(interfaceKind, i => i with { Port = port });

    /// <summary>Sets the py-ipv8 log level (CRITICAL, ERROR, WARNING, INFO, DEBUG, NOTSET; checked by <see cref="Build"/>).</summary>
    /// <param name="level">The level name.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder SetLogLevel(string level)
    {
        _logLevel = level;
        return this;
    }

    /// <summary>Sets the working directory.</summary>
    /// <param name="path">The directory.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder SetWorkingDirectory(string path)
    {
        _workingDirectory = path;
        return this;
    }

    /// <summary>Sets the walk-loop interval (must be ≥ 0; checked by <see cref="Build"/>).</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder SetWalkerInterval(TimeSpan interval)
    {
        _walkerInterval = interval;
        return this;
    }

    /// <summary>Adds a key, replacing one with the same alias.</summary>
    /// <param name="alias">The alias.</param>
    /// <param name="generation">Security level (spec §4.1); default curve25519.</param>
    /// <param name="file">Key file, or null.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder AddKey(string alias, string generation = KeyGenerations.Curve25519, string? file = null) =>
        PutKey(new KeyDefinition { Alias = alias, Generation = generation, File = file, Origin = Origin.Builder });

    /// <summary>Adds a key from a base64 private key bin, replacing one with the same alias.</summary>
    /// <param name="alias">The alias.</param>
    /// <param name="base64">The private key bin, base64.</param>
    /// <param name="file">Key file to write, or null.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder AddKeyFromBin(string alias, string base64, string? file = null) =>
        PutKey(new KeyDefinition { Alias = alias, Bin = base64, File = file, Origin = Origin.Builder });

    /// <summary>Adds a curve25519 key generated at every start and never stored.</summary>
    /// <param name="alias">The alias.</param>
    /// <returns>This builder.</returns>
    public ConfigBuilder AddEphemeralKey(string alias) =>
        PutKey(new KeyDefinition { Alias = alias, Ephemeral = true, Origin = Origin.Builder });
}
