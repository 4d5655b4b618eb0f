using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ipv8.Keys;

namespace Ipv8.Peers;

/// <content>Services per peer and local service providers.</content>
public sealed partial class Network
{
    /// <summary>
    /// Records that <paramref name="peer"/> offers <paramref name="services"/> (spec 6.3 <c>discover_services</c>;
    /// works for unverified peers too). Bounded by <see cref="NetworkOptions.MaxServiceEntries"/> and
    /// <see cref="NetworkOptions.MaxServicesPerPeer"/>; refused records are counted in <see cref="RefusedServices"/>.
    /// </summary>
    public void DiscoverServices(Peer peer, ReadOnlySpan<ServiceId> services)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (SyncRoot)
        {
            var keyBin = peer.PublicKey.KeyBin;
            var set = ServicesOf(keyBin);
            if (set is null && _serviceEntries >= Options.MaxServiceEntries)
            {
                Interlocked.Increment(ref _refusedServices);
                return;
            }

            var updated = set ?? ServiceSet.Empty;
            foreach (var service in services)
            {
                if (updated.Count >= Options.MaxServicesPerPeer && !updated.Contains(service))
                {
                    Interlocked.Increment(ref _refusedServices);
                    continue;
                }

                updated = updated.With(service, updated.Count == 0 ? SingleServiceSet(service) : null);
            }

            // Sets are immutable: store the new one and hand it to the verified peer of that key.
            if (ReferenceEquals(updated, set))
            {
                return;
            }

            ref var record = ref CollectionsMarshal.GetValueRefOrNullRef(_keysSpan, keyBin);
            if (Unsafe.IsNullRef(ref record))
            {
                _keys[KeyOf(peer)] = new KeyRecord { Services = updated };
            }
            else
            {
                record.Services = updated;
                if (record.Verified is { } held)
                {
                    held.Services = updated;
                }
            }

            if (set is null)
            {
                _serviceEntries++;
            }
        }
    }

    /// <summary>Records that <paramref name="peer"/> offers <paramref name="service"/>.</summary>
    public void DiscoverServices(Peer peer, ServiceId service) => DiscoverServices(peer, [service]);

    /// <summary>Returns the services recorded for <paramref name="peer"/> (a new list; empty when none).</summary>
    public IReadOnlyList<ServiceId> GetServices(Peer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (SyncRoot)
        {
            return ServicesOf(peer.PublicKey.KeyBin)?.ToList() ?? [];
        }
    }

    /// <summary>Returns the verified peers that offer <paramref name="service"/> (a community's peers; a new list, insertion order).</summary>
    public IReadOnlyList<Peer> GetPeersForService(ServiceId service)
    {
        var result = new List<Peer>();
        lock (SyncRoot)
        {
            foreach (var peer in _verified)
            {
                if (peer.Services?.Contains(service) == true)
                {
                    result.Add(peer);
                }
            }
        }

        return result;
    }

    /// <summary>Appends the verified peers that offer <paramref name="service"/> to <paramref name="destination"/> (insertion order; no other allocation).</summary>
    public void CopyPeersForService(ServiceId service, List<Peer> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (SyncRoot)
        {
            foreach (var peer in _verified)
            {
                if (peer.Services?.Contains(service) == true)
                {
                    destination.Add(peer);
                }
            }
        }
    }

    /// <summary>Counts the verified peers that offer <paramref name="service"/> without allocating.</summary>
    public int CountPeersForService(ServiceId service)
    {
        var count = 0;
        lock (SyncRoot)
        {
            foreach (var peer in _verified)
            {
                if (peer.Services?.Contains(service) == true)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Registers <paramref name="overlay"/> as the local provider of its service (replacing an earlier one).</summary>
    public void RegisterServiceProvider(ILocalOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        lock (SyncRoot)
        {
            _serviceOverlays[ServiceId.From(overlay.CommunityId.Span)] = overlay;
        }
    }

    /// <summary>Removes <paramref name="overlay"/> as a local provider (only if it is the registered one).</summary>
    public void UnregisterServiceProvider(ILocalOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        lock (SyncRoot)
        {
            var id = ServiceId.From(overlay.CommunityId.Span);
            if (_serviceOverlays.TryGetValue(id, out var held) && ReferenceEquals(held, overlay))
            {
                _serviceOverlays.Remove(id);
            }
        }
    }

    /// <summary>Returns the local overlay registered for <paramref name="service"/>, or null.</summary>
    public ILocalOverlay? GetServiceProvider(ServiceId service)
    {
        lock (SyncRoot)
        {
            return _serviceOverlays.GetValueOrDefault(service);
        }
    }

    /// <summary>Returns every registered local overlay (a new list).</summary>
    public IReadOnlyList<ILocalOverlay> GetServiceProviders()
    {
        lock (SyncRoot)
        {
            return [.. _serviceOverlays.Values];
        }
    }

    /// <summary>
    /// The one-service set of <paramref name="service"/> shared by every peer of this network that offers only it (and by
    /// the known addresses introduced for it). At most <see cref="MaxSharedServiceSets"/> are kept, so announcements of ever
    /// new service ids do not grow the table: beyond that, a set of its own.
    /// </summary>
    private ServiceSet SingleServiceSet(ServiceId service)
    {
        if (_singleServiceSets.TryGetValue(service, out var shared))
        {
            return shared;
        }

        var set = ServiceSet.Of(service);
        if (_singleServiceSets.Count < MaxSharedServiceSets)
        {
            _singleServiceSets[service] = set;
        }

        return set;
    }

    private bool OffersService(PublicKey key, ServiceId service)
        => ServicesOf(key.KeyBin)?.Contains(service) == true;
}
