namespace Ipv8.Tests.Fuzzing;

/// <summary>How <see cref="PacketMutator"/> derived a datagram from the vectors.</summary>
internal enum MutationKind
{
    Original,
    FlipBytes,
    Truncate,
    Extend,
    Splice,
    HugeLength,
    RandomMessageId,
    PrefixWithGarbage,
    ResignedGarbage,
    ResignedStructured,
    UnsignedStructured,
    PureGarbage,
}
