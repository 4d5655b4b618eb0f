using Ipv8.Communities;
using Ipv8.Peers;
using Ipv8.Rendezvous;

namespace Greeter;

/// <content>The newcomer's side: taking discovered peers one at a time, walking to them and greeting them.</content>
public sealed partial class GreeterCommunity
{
    /// <inheritdoc/>
    /// <remarks>The peer's answer to our walk proved both sides: now the greeting it is waiting for can go.</remarks>
    protected override void OnIntroductionResponse(Peer peer, in IntroductionResponseInfo response)
    {
        if (_pending.TryGetValue(peer.PublicKey.MidHex, out var pending) && pending.GreetingGlobalTime is null && IsVerifiedMember(peer))
        {
            SendGreeting(peer, pending);
        }
    }

    /// <summary>One tick of the tour (under the lock): give up late peers, take new ones, move on when done or stuck.</summary>
    private void Step(IDiscoveryManager discovery)
    {
        if (_tour is not { Finished: false } tour || IsUnloaded)
        {
            return;
        }

        var now = TimeProvider.GetUtcNow();
        foreach (var late in _pending.Where(p => p.Value.Deadline <= now).Select(p => p.Key).ToList())
        {
            _pending.Remove(late);
            _greetingTimeouts++;
        }

        while (tour.Answered + _pending.Count < tour.PeersPerNamespace && tour.Query!.TryGetPeer(out var found) && found is not null)
        {
            if (!_tried.Add(found.MidHex))
            {
                continue;
            }

            var pending = new PendingGreeting(found, now + _options.ReplyTimeout);
            _pending[found.MidHex] = pending;
            tour.LastProgress = now;
            if (Network.GetVerifiedByPublicKeyBin(found.PublicKey.KeyBin) is { } known && IsVerifiedMember(known))
            {
                SendGreeting(known, pending);
                continue;
            }

            foreach (var address in found.Addresses.Take(MaxAddressesPerPeer))
            {
                WalkTo(address);
            }
        }

        if (tour.Answered >= tour.PeersPerNamespace || now - tour.LastProgress > _options.QueryTimeout)
        {
            Log.NamespaceDone(Logger, tour.Current, tour.Answered, tour.PeersPerNamespace);
            tour.Query!.Stop();
            _pending.Clear();
            _tried.Clear();
            tour.Index++;
            tour.Answered = 0;
            if (tour.Finished)
            {
                Log.TourFinished(Logger, tour.Namespaces.Length);
                return;
            }

            StartNamespace(discovery);
        }
    }

    /// <summary>Asks the discovery manager for peers of the tour's current namespace (under the lock).</summary>
    private void StartNamespace(IDiscoveryManager discovery)
    {
        _tour!.Query = discovery.Request(_tour.Current);
        _tour.LastProgress = TimeProvider.GetUtcNow();
    }

    private void SendGreeting(Peer peer, PendingGreeting pending)
    {
        var globalTime = MyPeer.ClaimGlobalTime();
        pending.GreetingGlobalTime = globalTime;
        _greetingsSent++;
        SendSigned(peer.Address, GreetingPayload.MessageId, new GreetingPayload(pending.Peer.Namespace, _options.Text), globalTime);
    }
}
