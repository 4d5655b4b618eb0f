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
        while (await pipe.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            if (message.Length == 0)
            {
                await pipe.SendAsync(hash.GetHashAndReset(), cancellationToken).ConfigureAwait(false);
                continue;
            }

            hash.AppendData(message);
        }
    }
}
