namespace Ipv8.Connectivity.Turn;

/// <summary>Carries STUN messages and ChannelData frames between a <see cref="TurnClient"/> and its server.</summary>
internal interface ITurnTransport : IAsyncDisposable
{
    /// <summary>Gets whether the transport is reliable (TCP: no retransmissions).</summary>
    bool IsReliable { get; }

    /// <summary>Sends one STUN message or ChannelData frame.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    /// <summary>
    /// Receives the next frame from the server; null when the server closed the connection. Datagrams from other
    /// sources are dropped and reported through <paramref name="onDrop"/>.
    /// </summary>
    /// <exception cref="TurnException">The byte stream cannot be framed any more (oversized or unknown frame over TCP).</exception>
    ValueTask<byte[]?> ReceiveAsync(Action<string> onDrop, CancellationToken cancellationToken);
}
