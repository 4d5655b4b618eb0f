using System.Text;
using Ipv8.Communities;
using Ipv8.Connectivity.Reachability;
using Ipv8.Keys;
using Ipv8.Messaging;

namespace Launcher.Connectivity;

/// <summary>
/// A small overlay through which a node asks a peer for its signed reachability record (key, addresses, TCP port,
/// NAT class), the record <c>launcher connect</c> and <see cref="ConnectivityNode.FindPeerAsync"/> need before the ladder can
/// run. Why its own overlay: the signalling overlay's messages are fixed by Ipv8.Connectivity, and a record is
/// needed before any signalling; the record is self-signed, so it may travel over any path and is checked on arrival
/// (it must be signed by the key that signed the answer). Answers go only to peers whose address the trust handshake
/// proved (a request from an unproven address is dropped unanswered: nothing is amplified toward a spoofed source),
/// and at most <see cref="MaxPending"/> requests of ours wait at once.
/// </summary>
internal sealed class RecordExchangeCommunity : Community
{
    /// <summary>The overlay's community id: ASCII "launcher record xch1".</summary>
    public static readonly byte[] Id = Encoding.ASCII.GetBytes("launcher record xch1");

    /// <summary>How many of our record requests may wait for an answer at once.</summary>
    public const int MaxPending = 64;

    private readonly KeyFactory _keys;
    private readonly Func<ReachabilityRecord> _ownRecord;
    private readonly Dictionary<uint, (PublicKey? Expected, TaskCompletionSource<ReachabilityRecord> Completion)> _pending = [];
    private long _refused;

    public RecordExchangeCommunity(CommunitySettings settings, KeyFactory keys, Func<ReachabilityRecord> ownRecord)
        : base(settings)
    {
        _keys = keys;
        _ownRecord = ownRecord;
        AddMessageHandler(RecordRequestPayload.MessageId, OnRequest);
        AddMessageHandler(RecordResponsePayload.MessageId, OnResponse);
    }

    /// <summary>Gets the number of requests and answers refused (unproven source, bad or foreign record, unknown nonce).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Asks the node at <paramref name="address"/> for its record, walking to it first so the trust handshake proves both sides.</summary>
    /// <param name="address">The node's UDP (IPv8) address.</param>
    /// <param name="expected">The key the record must carry, or null to accept whichever node answers at that address.</param>
    /// <param name="timeout">How long to keep asking.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The node's valid record.</returns>
    /// <exception cref="TimeoutException">No valid record came within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">Too many requests wait already.</exception>
    public async Task<ReachabilityRecord> RequestRecordAsync(UdpAddress address, PublicKey? expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<ReachabilityRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        uint nonce;
        lock (Network.SyncRoot)
        {
            if (_pending.Count >= MaxPending)
                throw new InvalidOperationException($"too many record requests in flight ({MaxPending})");
            do
            {
                nonce = (uint)Random.NextInt64(1, uint.MaxValue);
            }
            while (_pending.ContainsKey(nonce));
            _pending[nonce] = (expected, completion);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            while (!completion.Task.IsCompleted)
            {
                lock (Network.SyncRoot)
                {
                    // Until the handshake has proven the peer, the request would be dropped: walk (again) and ask (again).
                    WalkTo(address);
                    SendSignedWithoutGlobalTime(address, RecordRequestPayload.MessageId, new RecordRequestPayload(nonce));
                }

                await Task.WhenAny(completion.Task, Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider, bounded.Token)).ConfigureAwait(false);
                bounded.Token.ThrowIfCancellationRequested();
            }

            return await completion.Task.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no reachability record from {address} within {timeout.TotalSeconds:0.#} s (is connectivity: configured there?)");
        }
        finally
        {
            lock (Network.SyncRoot)
                _pending.Remove(nonce);
        }
    }

    private void OnRequest(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSigned<RecordRequestPayload>(source, datagram, out var sender, out _, out var payload, hasGlobalTime: false))
            return;
        if (!IsProven(source, sender.PublicKey))
        {
            Interlocked.Increment(ref _refused);
            Drop(DropReason.UntrustedSource, source);
            return;
        }

        SendSignedWithoutGlobalTime(source, RecordResponsePayload.MessageId, new RecordResponsePayload(payload.Nonce, _ownRecord().Encode()));
    }

    private void OnResponse(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSigned<RecordResponsePayload>(source, datagram, out var sender, out _, out var payload, hasGlobalTime: false))
            return;
        if (!_pending.TryGetValue(payload.Nonce, out var pending)
            || !ReachabilityRecord.TryDecode(payload.Record.Span, _keys, TimeProvider.GetUtcNow(), out var record, out _)
            || !record.Key.Equals(sender.PublicKey)
            || (pending.Expected is { } expected && !expected.Equals(record.Key)))
        {
            Interlocked.Increment(ref _refused);
            return;
        }

        pending.Completion.TrySetResult(record);
    }
}
