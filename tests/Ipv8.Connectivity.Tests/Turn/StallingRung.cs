using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Pipes;

namespace Ipv8.Connectivity.Tests.Turn;

/// <summary>A rung that never connects and only gives up when its budget ends (a punch that keeps trying).</summary>
internal sealed class StallingRung : IConnectionRung
{
    public const string MethodName = "stall";

    public string Name => MethodName;

    public async Task<SecurePipe> ConnectAsync(RungContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new RungFailedException("unreachable");
    }
}
