using System.Reflection;
using Ipv8.Communities;
using Ipv8.Peers;
using Ipv8.Rendezvous;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Hosting;

/// <content>
/// The <c>discovery</c> section at run time: once the rendezvous overlay the section added has launched, the host creates
/// the section's interfaces and a <see cref="DiscoveryManager"/> over them, advertises and requests the section's
/// namespaces, and hands the manager to every overlay constructed after it that takes an <see cref="IDiscoveryManager"/>.
/// </content>
public sealed partial class OverlayHost
{
    /// <summary>The most peers kept per requested namespace for <see cref="GetDiscovered"/> (1,000).</summary>
    public const int MaxDiscoveredPerNamespace = 1000;

    private readonly List<(string Namespace, IDiscoveryQuery Query)> _queries = [];
    private readonly Dictionary<string, List<DiscoveredPeer>> _discovered = new(StringComparer.Ordinal);
    private readonly List<IDiscoveryInterface> _discoveryInterfaces = [];
    private readonly List<IDiscoveryAdvertisement> _advertisements = [];
    private DiscoveryManager? _discovery;

    /// <summary>Gets the node's discovery manager while running with a <c>discovery</c> section; null otherwise.</summary>
    public IDiscoveryManager? Discovery => _discovery;

    /// <summary>
    /// Returns the distinct peers found so far for each namespace the <c>discovery</c> section requests (at most
    /// <see cref="MaxDiscoveredPerNamespace"/> each, in the order found); empty without a section. Thread-safe.
    /// </summary>
    /// <returns>Peers by namespace (every requested namespace present, possibly with none).</returns>
    public IReadOnlyDictionary<string, IReadOnlyList<DiscoveredPeer>> GetDiscovered()
    {
        lock (_discovered)
        {
            foreach (var (ns, query) in _queries)
            {
                var found = _discovered[ns];
                while (found.Count < MaxDiscoveredPerNamespace && query.TryGetPeer(out var peer) && peer is not null)
                {
                    found.Add(peer);
                }
            }

            return _discovered.ToDictionary(p => p.Key, p => (IReadOnlyList<DiscoveredPeer>)[.. p.Value], StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Returns the namespaces the <c>discovery</c> section advertises, each with how many times an interface confirmed it
    /// (first registration and renewals; 0 while no rendezvous point has accepted it yet); empty without a section or when
    /// stopped. Thread-safe.
    /// </summary>
    /// <returns>Confirmations by namespace, in the section's order.</returns>
    public IReadOnlyList<KeyValuePair<string, int>> GetAdvertised()
    {
        lock (_discovered)
        {
            return [.. _advertisements.Select(a => KeyValuePair.Create(a.Namespace, a.Renewals))];
        }
    }

    /// <summary>Creates the manager over the section's interfaces and starts advertising and requesting (after the rendezvous overlay launched).</summary>
    private void StartDiscovery(ResolvedDiscovery discovery, RendezvousCommunity rendezvous, Network network)
    {
        foreach (var component in discovery.Interfaces)
        {
            _discoveryInterfaces.Add(CreateInterface(component, rendezvous, network));
        }

        if (_discoveryInterfaces.Count == 0)
        {
            return;
        }

        _discovery = new DiscoveryManager(_discoveryInterfaces, rendezvous.KeyParser, _options.TimeProvider, ownKey: rendezvous.MyPeer.PublicKey);
        lock (_discovered)
        {
            foreach (var ns in discovery.Definition.Advertise)
            {
                _advertisements.Add(_discovery.Advertise(ns));
            }

            foreach (var ns in discovery.Definition.Request)
            {
                _queries.Add((ns, _discovery.Request(ns)));
                _discovered[ns] = [];
            }
        }
    }

    private async ValueTask StopDiscoveryAsync()
    {
        if (_discovery is { } manager)
        {
            _discovery = null;
            await manager.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var disposable in _discoveryInterfaces.OfType<IDisposable>())
        {
            disposable.Dispose();
        }

        _discoveryInterfaces.Clear();
        lock (_discovered)
        {
            _advertisements.Clear();
            _queries.Clear();
            _discovered.Clear();
        }
    }

    /// <summary>
    /// Creates an interface through its public constructor: the node's rendezvous overlay, its network and the bound
    /// options are passed where the constructor asks for them, anything else comes from the services.
    /// </summary>
    private IDiscoveryInterface CreateInterface(ResolvedComponent component, RendezvousCommunity rendezvous, Network network)
    {
        object?[] candidates = [rendezvous, network, component.Options];
        return (IDiscoveryInterface)ActivatorUtilities.CreateInstance(_services, component.Type, ArgumentsFor(component.Type, candidates));
    }

    /// <summary>The candidates some public constructor of <paramref name="type"/> takes (ActivatorUtilities refuses arguments no parameter takes).</summary>
    private static object[] ArgumentsFor(Type type, IEnumerable<object?> candidates)
    {
        var parameters = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType).ToList();
        return [.. candidates.OfType<object>().Where(c => parameters.Any(p => p.IsInstanceOfType(c)))];
    }

    /// <summary>Constructs an overlay, giving it the settings and, where its constructor takes them, the discovery manager and (for the rendezvous overlay) the section's serving options.</summary>
    private Community CreateCommunity(ResolvedOverlay overlay, CommunitySettings settings)
    {
        var extras = new List<object?> { _discovery };
        if (_model?.Discovery is { } discovery && overlay.Name == discovery.OverlayName && typeof(RendezvousCommunity).IsAssignableFrom(overlay.CommunityType))
        {
            extras.Add(new RendezvousOptions { Serve = discovery.Definition.Serve });
        }

        return (Community)ActivatorUtilities.CreateInstance(_services, overlay.CommunityType, [settings, .. ArgumentsFor(overlay.CommunityType, extras)]);
    }
}
