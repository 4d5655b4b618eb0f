using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Reachability;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Ladder;

/// <summary>What a rung needs: who we are, whom we connect to, for which protocol, and the node's server and signalling.</summary>
/// <param name="LocalKey">Our identity.</param>
/// <param name="Keys">Parses remote keys.</param>
/// <param name="LocalRecord">Our current signed reachability record.</param>
/// <param name="Remote">The other node's verified record.</param>
/// <param name="Protocol">The protocol to open.</param>
/// <param name="Server">Our pipe server (reverse connections arrive there).</param>
/// <param name="Signalling">The channel to ask the other node for help.</param>
/// <param name="Options">The connector's options.</param>
/// <param name="Time">The clock.</param>
public sealed record RungContext(
    PrivateKey LocalKey,
    KeyFactory Keys,
    ReachabilityRecord LocalRecord,
    ReachabilityRecord Remote,
    string Protocol,
    PipeServer Server,
    ISignallingChannel Signalling,
    ConnectorOptions Options,
    TimeProvider Time)
{
    /// <summary>Gets the probe that finds our TCP ports' public mappings for hole punching (null: predict from the local port).</summary>
    public ITcpMappingProbe? MappingProbe { get; init; }
}
