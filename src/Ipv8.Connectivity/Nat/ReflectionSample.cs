using System.Net;

namespace Ipv8.Connectivity.Nat;

/// <summary>
/// One observation of our public endpoint: a reflector (a STUN server, or an IPv8 peer whose
/// introduction-response carried our WAN address) saw traffic from <paramref name="Local"/> arrive from
/// <paramref name="Observed"/>. Samples are given to <see cref="NatClassifier"/> in the order the mappings were
/// created (the order the first packets were sent).
/// </summary>
/// <param name="Local">The local endpoint the packet was sent from.</param>
/// <param name="Reflector">The endpoint that reflected it.</param>
/// <param name="Observed">The source endpoint the reflector saw.</param>
public sealed record ReflectionSample(IPEndPoint Local, IPEndPoint Reflector, IPEndPoint Observed);
