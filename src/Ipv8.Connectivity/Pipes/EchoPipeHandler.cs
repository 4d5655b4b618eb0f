namespace Ipv8.Connectivity.Pipes;

/// <summary>The built-in <c>echo</c> protocol: answers each message with the same bytes until the initiator closes.</summary>
[PipeProtocol(Name)]
public sealed class EchoPipeHandler : IPipeHandler
{
    /// <summary>The protocol name: <c>echo</c>.</summary>
    public const string Name = "echo";

    /// <inheritdoc/>
    public string Protocol => Name;

    /// <inheritdoc/>
    public async Task HandleAsync(SecurePipe pipe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        while (await pipe.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message)
            await pipe.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
