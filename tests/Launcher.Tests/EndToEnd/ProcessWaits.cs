using Ipv8.Messaging;

namespace Launcher.Tests.EndToEnd;

/// <summary>Bounded waits on CLI processes and their <c>--report</c> files, shared by the end-to-end tests.</summary>
internal static class ProcessWaits
{
    /// <summary>Waits for a line starting with <paramref name="marker"/> (e.g. <c>tracker listening on </c>) and returns the port after it.</summary>
    public static async Task<int> ListeningPortAsync(CliProcess process, string marker, CancellationToken cancellationToken)
    {
        var line = await process.WaitForLineAsync(l => l.StartsWith(marker, StringComparison.Ordinal), cancellationToken);
        return UdpAddress.Parse(line[marker.Length..].Trim()).Port;
    }

    /// <summary>
    /// Polls two report files until each lists the other's mid at its address; throws <see cref="TimeoutException"/> when
    /// a process exits first and <see cref="OperationCanceledException"/> at the deadline.
    /// </summary>
    public static async Task<(ReportLine A, ReportLine B)> UntilBothListEachOtherAsync(string reportA, string reportB, IReadOnlyList<CliProcess> processes, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (processes.FirstOrDefault(p => p.HasExited) is { } exited)
            {
                throw new TimeoutException($"{exited.Name} exited early");
            }

            var linesA = ReportLine.ReadAll(reportA);
            var linesB = ReportLine.ReadAll(reportB);
            if (linesA.Count > 0 && linesB.Count > 0)
            {
                var selfB = linesB[^1];
                var selfA = linesA[^1];
                var a = linesA.LastOrDefault(l => l.Lists(selfB));
                var b = linesB.LastOrDefault(l => l.Lists(selfA));
                if (a is not null && b is not null)
                {
                    return (a, b);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
