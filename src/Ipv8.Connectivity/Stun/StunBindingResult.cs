using System.Net;

namespace Ipv8.Connectivity.Stun;

/// <summary>The outcome of one successful binding transaction.</summary>
/// <param name="Server">The server the request was sent to.</param>
/// <param name="ResponseSource">Where the answer came from (differs from <paramref name="Server"/> after a CHANGE-REQUEST).</param>
/// <param name="Mapped">The reflexive transport address the server saw (XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS).</param>
/// <param name="RoundTrip">Time from the first send to the answer.</param>
public sealed record StunBindingResult(IPEndPoint Server, IPEndPoint ResponseSource, IPEndPoint Mapped, TimeSpan RoundTrip);
