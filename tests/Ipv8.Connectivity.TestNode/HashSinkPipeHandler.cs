using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using Ipv8.Connectivity.Pipes;

namespace Ipv8.Connectivity.TestNode;

/// <summary>The <c>sha256-sink</c> protocol: hashes every message until an empty one, then answers with the SHA-256 of all bytes received since the last answer.</summary>
internal sealed class HashSinkPipeHandler : IPipeHandler
{
    /// <summary>The protocol name.</summary>
    public const string Name = "sha256-sink";

    public string Protocol => Name;

    public async Task HandleAsync(SecurePipe pipe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = 0;
        try
        {
            while (await pipe.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                if (message.Length == 0)
                {
                    await pipe.SendAsync(hash.GetHashAndReset(), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                hash.AppendData(message);
                received += message.Length;
            }

            Output.Line(string.Create(CultureInfo.InvariantCulture, $"SINK-ENDED {received}"));
        }
        catch (Exception e) when (e is IOException or PipeException or SocketException)
        {
            // The test that started this node sees when and why the receiving side of a pipe broke.
            Output.Line(string.Create(CultureInfo.InvariantCulture, $"SINK-FAILED {received} {e.GetType().Name}: {e.Message}"));
            throw;
        }
    }
}
