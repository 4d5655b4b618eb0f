namespace Ipv8.Rendezvous;

/// <summary>What a <see cref="ClientRequest"/> asks for.</summary>
internal enum ClientRequestKind
{
    Register,
    Unregister,
    Discover,
}
