using System.Security.Cryptography;
using Ipv8.Connectivity.Pipes;

namespace Ipv8.Connectivity.Tests.Turn;

/// <summary>Hashes every message until an empty one, then answers with the SHA-256 of all bytes; records how its pipe ended.</summary>
internal sealed class HashSinkHandler : IPipeHandler
{
    public const string Name = "sha256-sink";

    public string Protocol => Name;

    public TaskCompletionSource<Exception?> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Received => Interlocked.Read(ref _received);

    private long _received;

    public async Task HandleAsync(SecurePipe pipe, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            while (await pipe.ReceiveAsync(cancellationToken) is { } message)
            {
                if (message.Length == 0)
                {
                    await pipe.SendAsync(hash.GetHashAndReset(), cancellationToken);
                    continue;
                }

                hash.AppendData(message);
                Interlocked.Add(ref _received, message.Length);
            }

            Ended.TrySetResult(null);
        }
        catch (Exception e)
        {
            Ended.TrySetResult(e);
            throw;
        }
    }
}
