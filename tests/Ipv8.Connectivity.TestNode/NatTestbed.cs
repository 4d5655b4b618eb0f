using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Ipv8.Connectivity.TestNode;

/// <summary>
/// A real-NAT testbed built from Linux network namespaces: an "internet" bridge on 198.51.100.0/24 (documentation range)
/// with a server host (STUN on .10 and .11, the signalling introducer on .10:7000), an open host (.20), and routers for
/// an endpoint-independent NAT, two port-restricted NATs, two random-port symmetric NATs and a sequential symmetric NAT
/// (each new connection gets the next public port), each with one host on a
/// private /24 behind it and a home-router firewall (new connections arriving on the WAN side are dropped, to the router
/// and through it; the endpoint-independent one lets through what its filtering admits). Nothing is routed to or from
/// the root namespace. A TURN host (.40, <see cref="TurnAddress"/>) can run coturn (<see cref="StartTurnServerAsync"/>), the
/// one host both NATed peers of a relayed pipe reach. Names carry the owning process id (<c>l8n-PID-role</c>); <see cref="RemoveLeftovers"/> deletes
/// those of processes no longer alive, <see cref="DisposeAsync"/> stops every node process started here and deletes
/// every namespace made here.
/// </summary>
public sealed partial class NatTestbed : IAsyncDisposable
{
    /// <summary>The STUN and introducer host's primary address.</summary>
    public static readonly IPAddress ServerAddress = IPAddress.Parse("198.51.100.10");

    /// <summary>The STUN host's second address (for RFC 5780 change requests).</summary>
    public static readonly IPAddress ServerAlternateAddress = IPAddress.Parse("198.51.100.11");

    /// <summary>The TURN host's address: coturn listens and relays here, and only here.</summary>
    public static readonly IPAddress TurnAddress = IPAddress.Parse("198.51.100.40");

    private const string Prefix = "l8n-";

    // The sequential NAT's port range per protocol; it wraps to its start after this many new connections.
    private const int SequentialPorts = 500;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);
    private readonly List<string> _namespaces = [];
    private readonly Dictionary<string, TestbedHost> _hosts = new(StringComparer.Ordinal);
    private readonly List<NodeProcess> _processes = [];
    private readonly List<TestbedTurnServer> _turnServers = [];
    private readonly string _tag;
    private readonly string _nodePath;

    private NatTestbed(string nodePath)
    {
        _tag = Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(0x1000, 0xFFFF).ToString("x", CultureInfo.InvariantCulture) + "-";
        _nodePath = nodePath;
    }

    /// <summary>Gets the hosts by role name: <c>open</c>, <c>eim</c>, <c>pr1</c>, <c>pr2</c>, <c>sym1</c>, <c>sym2</c>, <c>seq1</c>.</summary>
    public IReadOnlyDictionary<string, TestbedHost> Hosts => _hosts;

    /// <summary>Gets the STUN endpoints nodes classify with (two IPs × two ports).</summary>
    public static string StunList => $"{ServerAddress}:3478,{ServerAddress}:3479,{ServerAlternateAddress}:3478,{ServerAlternateAddress}:3479";

    /// <summary>Gets the introducer's endpoint.</summary>
    public static string Introducer => $"{ServerAddress}:7000";

    /// <summary>Returns why the testbed cannot be built here (not root, no <c>ip</c> or <c>nft</c>, namespaces not permitted), or null.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
            return "the NAT testbed needs Linux network namespaces";
        if (!Environment.IsPrivilegedProcess)
            return "the NAT testbed needs root (network namespaces, nftables)";
        foreach (var (tool, arg) in new[] { ("ip", "-V"), ("nft", "--version") })
        {
            try
            {
                if (Run(tool, [arg], throwOnError: false).ExitCode != 0)
                    return $"'{tool} {arg}' failed";
            }
            catch (Win32Exception)
            {
                return $"'{tool}' is not installed (iproute2 and nftables are needed)";
            }
        }

        var probe = $"{Prefix}{Environment.ProcessId}-probe";
        var created = Run("ip", ["netns", "add", probe], throwOnError: false);
        if (created.ExitCode != 0)
            return $"cannot create a network namespace: {created.Error.Trim()}";
        var nft = Run("ip", ["netns", "exec", probe, "nft", "add", "table", "ip", "probe"], throwOnError: false);
        Run("ip", ["netns", "del", probe], throwOnError: false);
        return nft.ExitCode != 0 ? $"nftables does not work in a namespace: {nft.Error.Trim()}" : null;
    }

    /// <summary>Deletes namespaces of earlier runs whose process is gone (a crashed or killed run).</summary>
    public static int RemoveLeftovers()
    {
        var removed = 0;
        foreach (var line in Run("ip", ["netns", "list"], throwOnError: false).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            var match = LeftoverName().Match(name);
            if (!match.Success || IsAlive(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)))
                continue;
            if (Run("ip", ["netns", "del", name], throwOnError: false).ExitCode == 0)
                removed++;
        }

        return removed;
    }

    /// <summary>Builds the testbed; on any failure removes what was made and rethrows.</summary>
    /// <param name="nodePath">The test-node program (<c>Ipv8.Connectivity.TestNode.dll</c>).</param>
    /// <exception cref="InvalidOperationException">A command failed (its output is in the message).</exception>
    public static NatTestbed Build(string nodePath)
    {
        RemoveLeftovers();
        var bed = new NatTestbed(nodePath);
        try
        {
            bed.Create();
            return bed;
        }
        catch
        {
            bed.DeleteNamespaces();
            throw;
        }
    }

    /// <summary>Starts the STUN server and introducer on the server host and waits for it to be ready.</summary>
    /// <exception cref="TimeoutException">It did not report ready in time.</exception>
    public async Task StartServerAsync(TimeSpan lifetime)
    {
        var server = Start(_tag + "srv", ["stun", "--ip", ServerAddress.ToString(), "--alt-ip", ServerAlternateAddress.ToString(), "--lifetime", Seconds(lifetime)]);
        await server.WaitForLineAsync("READY", TimeSpan.FromSeconds(20)).ConfigureAwait(false);
    }

    /// <summary>Starts the node program in <paramref name="host"/>'s namespace with the testbed's STUN servers and introducer.</summary>
    public NodeProcess StartNode(TestbedHost host, string command, IEnumerable<string> extra, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(host);
        return Start(host.Namespace, [command, "--ip", host.Address.ToString(), "--stun", StunList, "--introducer", Introducer, "--lifetime", Seconds(lifetime), .. extra]);
    }

    /// <summary>
    /// Starts coturn in the TURN host's namespace with a configuration written for <paramref name="config"/>, under the node
    /// program's <c>turn</c> command (which kills it when the lifetime ends or the test run goes away), and waits until it
    /// answers a STUN binding request. Disposing the result (or the testbed) kills it at once.
    /// </summary>
    /// <exception cref="InvalidOperationException">turnserver is not installed.</exception>
    /// <exception cref="TimeoutException">coturn exited or did not answer in time (its output is in the message).</exception>
    public async Task<TestbedTurnServer> StartTurnServerAsync(TestbedTurnConfig config, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(config);
        var executable = TestbedTurnServer.FindExecutable() ?? throw new InvalidOperationException("coturn's turnserver is not installed");
        var directory = Directory.CreateTempSubdirectory("l8n-coturn-").FullName;
        var configPath = Path.Combine(directory, "turnserver.conf");
        await File.WriteAllTextAsync(configPath, config.Render(TurnAddress, directory)).ConfigureAwait(false);
        var endPoint = new IPEndPoint(TurnAddress, config.Port);
        var process = Start(_tag + "turn", ["turn", "--turnserver", executable, "--config", configPath, "--listen", endPoint.ToString(), "--lifetime", Seconds(lifetime)]);
        var server = new TestbedTurnServer(process, directory, endPoint);
        _turnServers.Add(server);
        try
        {
            await process.WaitForLineAsync("READY", TimeSpan.FromSeconds(25)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Makes the TURN host vanish silently, as a relay machine that loses power or network does: from now on every packet
    /// to or from it is dropped, so no reset tells anyone. <see cref="RestoreTurnHost"/> undoes it.
    /// </summary>
    /// <exception cref="InvalidOperationException">nft failed.</exception>
    public void CutTurnHost() => Run("ip", ["netns", "exec", _tag + "turn", "nft", "-f", "-"], stdin: """
        table inet cut {
          chain input { type filter hook input priority -10; policy drop; }
          chain output { type filter hook output priority -10; policy drop; }
        }
        """);

    /// <summary>Lets the TURN host's packets through again (after <see cref="CutTurnHost"/>; nothing happens when it was not cut).</summary>
    public void RestoreTurnHost() => Run("ip", ["netns", "exec", _tag + "turn", "nft", "delete", "table", "inet", "cut"], throwOnError: false);

    /// <summary>Stops every node process started here, then deletes every namespace (and with them veths, routes and nftables rules).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var turn in _turnServers)
            await turn.DisposeAsync().ConfigureAwait(false);
        _turnServers.Clear();
        foreach (var process in _processes)
            await process.DisposeAsync().ConfigureAwait(false);
        _processes.Clear();
        DeleteNamespaces();
    }

    private static string Seconds(TimeSpan time) => ((int)Math.Ceiling(time.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private NodeProcess Start(string ns, IReadOnlyList<string> arguments)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var process = NodeProcess.Start("ip", ["netns", "exec", ns, host, _nodePath, .. arguments]);
        _processes.Add(process);
        return process;
    }

    private void Create()
    {
        var bridge = _tag + "br";
        Namespace(bridge);
        Ip("-n", bridge, "link", "add", "br0", "type", "bridge");
        Ip("-n", bridge, "link", "set", "br0", "up");

        var server = Namespace(_tag + "srv");
        Attach(server, bridge, "p-srv", $"{ServerAddress}/24", $"{ServerAlternateAddress}/24");
        var open = Namespace(_tag + "open");
        var openAddress = IPAddress.Parse("198.51.100.20");
        Attach(open, bridge, "p-open", $"{openAddress}/24");
        _hosts["open"] = new TestbedHost("open", open, openAddress, NatKind.Open, openAddress);
        var turn = Namespace(_tag + "turn");
        Attach(turn, bridge, "p-turn", $"{TurnAddress}/24");

        AddNat("eim", NatKind.EndpointIndependent, 31, "10.31.0");
        AddNat("pr1", NatKind.PortRestricted, 32, "10.32.0");
        AddNat("pr2", NatKind.PortRestricted, 33, "192.168.33");
        AddNat("sym1", NatKind.SymmetricRandom, 34, "10.34.0");
        AddNat("sym2", NatKind.SymmetricRandom, 35, "192.168.35");
        AddNat("seq1", NatKind.SymmetricSequential, 36, "10.36.0");

        void AddNat(string name, NatKind kind, int wanHost, string lan)
        {
            var router = Namespace(_tag + "r" + name);
            var host = Namespace(_tag + "h" + name);
            var wan = IPAddress.Parse($"198.51.100.{wanHost}");
            Attach(router, bridge, "p-" + name, $"{wan}/24", ifName: "wan0");
            Ip("-n", router, "link", "add", "lan0", "type", "veth", "peer", "name", "eth0", "netns", host);
            Ip("-n", router, "addr", "add", $"{lan}.1/24", "dev", "lan0");
            Ip("-n", router, "link", "set", "lan0", "up");
            Ip("-n", host, "addr", "add", $"{lan}.2/24", "dev", "eth0");
            Ip("-n", host, "link", "set", "eth0", "up");
            Ip("-n", host, "route", "add", "default", "via", $"{lan}.1");
            Run("ip", ["netns", "exec", router, "sysctl", "-qw", "net.ipv4.ip_forward=1"]);
            Run("ip", ["netns", "exec", router, "nft", "-f", "-"], stdin: Rules(kind, $"{lan}.2", wan));
            _hosts[name] = new TestbedHost(name, host, IPAddress.Parse($"{lan}.2"), kind, wan);
        }
    }

    /// <summary>The router's nftables ruleset: NAT of the kind asked and the home-router firewall.</summary>
    private static string Rules(NatKind kind, string lanHost, IPAddress wan)
    {
        var eim = kind == NatKind.EndpointIndependent;
        var masquerade = kind switch
        {
            NatKind.SymmetricRandom => "masquerade random",

            // The kernel's own allocator preserves the source port or picks a random one; a counter evaluated once per new
            // connection (the nat chain sees only a connection's first packet) makes every new flow take the next port. The
            // counter goes through a map because numgen writes host byte order, which the port register would read
            // byte-swapped (steps of 256, wrapping below 1024).
            NatKind.SymmetricSequential => $$"""
                meta l4proto tcp snat to {{wan}} : numgen inc mod {{SequentialPorts}} map { {{SequentialMap(40000)}} }
                    oifname "wan0" meta l4proto udp snat to {{wan}} : numgen inc mod {{SequentialPorts}} map { {{SequentialMap(41000)}} }
                    oifname "wan0" masquerade
                """,
            _ => "masquerade",
        };

        // Endpoint-independent filtering: a port the host has sent from is open to anyone (dnat to the host) while the
        // mapping lives; conntrack alone gives the port-restricted behaviour of the other routers.
        var sets = eim ? """
              set mapped_tcp { type inet_service; flags dynamic,timeout; timeout 120s; }
              set mapped_udp { type inet_service; flags dynamic,timeout; timeout 120s; }
            """ : string.Empty;
        var learn = eim ? """
                iifname "lan0" oifname "wan0" meta l4proto tcp update @mapped_tcp { tcp sport }
                iifname "lan0" oifname "wan0" meta l4proto udp update @mapped_udp { udp sport }
            """ : string.Empty;
        var admit = eim ? """
                iifname "wan0" ct status dnat accept
            """ : string.Empty;
        var forwardIn = eim ? $$"""
                iifname "wan0" tcp dport @mapped_tcp dnat to {{lanHost}}
                iifname "wan0" udp dport @mapped_udp dnat to {{lanHost}}
            """ : string.Empty;
        return $$"""
            table ip testbed {
            {{sets}}
              chain input {
                type filter hook input priority filter; policy accept;
                iifname "wan0" ct state established,related accept
                iifname "wan0" drop
              }
              chain forward {
                type filter hook forward priority filter; policy accept;
            {{learn}}
                iifname "wan0" ct state established,related accept
            {{admit}}
                iifname "wan0" drop
              }
              chain prerouting {
                type nat hook prerouting priority dstnat; policy accept;
            {{forwardIn}}
              }
              chain postrouting {
                type nat hook postrouting priority srcnat; policy accept;
                oifname "wan0" {{masquerade}}
              }
            }
            """;
    }

    private static string SequentialMap(int first) =>
        string.Join(", ", Enumerable.Range(0, SequentialPorts).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i} : {first + i}")));

    private string Namespace(string name)
    {
        Ip("netns", "add", name);
        _namespaces.Add(name);
        Ip("-n", name, "link", "set", "lo", "up");
        return name;
    }

    private void Attach(string ns, string bridge, string peer, string address, string? second = null, string ifName = "eth0")
    {
        Ip("-n", ns, "link", "add", ifName, "type", "veth", "peer", "name", peer, "netns", bridge);
        Ip("-n", bridge, "link", "set", peer, "master", "br0");
        Ip("-n", bridge, "link", "set", peer, "up");
        Ip("-n", ns, "addr", "add", address, "dev", ifName);
        if (second is not null)
            Ip("-n", ns, "addr", "add", second, "dev", ifName);
        Ip("-n", ns, "link", "set", ifName, "up");
    }

    private void DeleteNamespaces()
    {
        foreach (var name in Enumerable.Reverse(_namespaces))
            Run("ip", ["netns", "del", name], throwOnError: false);
        _namespaces.Clear();
    }

    private static void Ip(params string[] arguments) => Run("ip", arguments);

    private static (int ExitCode, string Output, string Error) Run(string file, IReadOnlyList<string> arguments, bool throwOnError = true, string? stdin = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' did not finish within {CommandTimeout.TotalSeconds:0} s");
        }

        process.WaitForExit();
        var result = (process.ExitCode, output.Result, error.Result);
        if (throwOnError && result.ExitCode != 0)
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' failed ({result.ExitCode}): {result.Item3.Trim()}");
        return result;
    }

    [GeneratedRegex(@"^l8n-(\d+)-")]
    private static partial Regex LeftoverName();
}
