using Ipv8.Communities;
using Ipv8.Peers;

namespace Ipv8.Tests.Fuzzing;

/// <summary>A plain community that counts the introduction requests and responses it accepted (bounded: counters only).</summary>
internal sealed class FuzzOverlay(CommunitySettings settings) : Community(settings)
{
    public long RequestsHandled { get; private set; }

    public long ResponsesHandled { get; private set; }

    public long Handled => RequestsHandled + ResponsesHandled;

    protected override void OnIntroductionRequest(Peer peer, in IntroductionRequestInfo request) => RequestsHandled++;

    protected override void OnIntroductionResponse(Peer peer, in IntroductionResponseInfo response) => ResponsesHandled++;
}
