namespace Ipv8.Simulation;

/// <summary>What is known about an in-flight datagram's signature before it is delivered.</summary>
internal enum InFlightVerdict : byte
{
    /// <summary>Not checked yet (checked on delivery, as without a simulator).</summary>
    Unknown,

    /// <summary>A signed message with a curve25519 key whose signature verifies.</summary>
    Valid,

    /// <summary>A signed message with a curve25519 key whose signature does not verify.</summary>
    Invalid,

    /// <summary>Not a signed message with a curve25519 key; whatever the receiver verifies, it verifies itself.</summary>
    NotApplicable,
}
