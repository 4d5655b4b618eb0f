using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Tests.Tracker;

/// <summary>Builds plain communities for the tracker and bootstrapper tests and drives a minimal walk step.</summary>
internal static class TestOverlays
{
    public static readonly byte[] CommunityId = Convert.FromHexString("7472616b65722d746573742d636f6d6d756e6974");

    public static Community Create(IEndpoint endpoint, KeyFactory keys, TimeProvider time, int seed, params IBootstrapper[] bootstrappers)
        => new(new CommunitySettings
        {
            CommunityId = CommunityId,
            MyPeer = new MyPeer(keys.GenerateCurve25519()),
            Endpoint = endpoint,
            Network = new Network(),
            KeyParser = keys.TryParsePublicKey,
            TimeProvider = time,
            RandomSeed = seed,
            Bootstrappers = bootstrappers,
        });

    /// <summary>One walk step: walk to a walkable address if there is one, else ask for an introduction (bootstraps when peerless).</summary>
    public static void Step(Community community)
    {
        var walkable = community.GetWalkableAddresses();
        if (walkable.Count > 0)
        {
            community.WalkTo(walkable[0]);
        }
        else
        {
            community.GetNewIntroduction();
        }
    }

    public static bool Knows(Community community, Community other)
        => community.GetPeers().Any(p => p.PublicKey.Equals(other.MyPeer.PublicKey));
}
