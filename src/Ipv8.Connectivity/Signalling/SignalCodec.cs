using System.Net;
using System.Text;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Reachability;
using Ipv8.Messaging;

namespace Ipv8.Connectivity.Signalling;

/// <summary>
/// Wire form of <see cref="SignalRequest"/> and <see cref="SignalReply"/> inside the signalling messages (big-endian):
/// request = u8 kind ‖ varlenH protocol (UTF-8, ≤ 64 bytes) ‖ varlenH token (≤ 32) ‖ varlenH record (≤ 2048) ‖
/// u8 endpoint count (≤ 16) ‖ each an <c>ip_address</c> ‖ i64 start time (Unix ms, 0 when none); reply = u8 accepted ‖
/// varlenH reason (UTF-8, ≤ 512 bytes) ‖ u8 endpoint count ‖ endpoints. Reading never throws and refuses
/// anything over a limit.
/// </summary>
internal static class SignalCodec
{
    public const int MaxReasonBytes = 512;

    public static void Write(ref PacketWriter writer, SignalRequest request)
    {
        writer.WriteByte((byte)request.Kind);
        writer.WriteVarLenHUtf8(request.Protocol);
        writer.WriteVarLenH(request.Token);
        writer.WriteVarLenH(request.Record);
        WriteEndPoints(ref writer, request.PunchEndPoints);
        writer.WriteInt64(Math.Max(0, request.StartAt.ToUnixTimeMilliseconds()));
    }

    public static bool TryRead(ref PacketReader reader, out SignalRequest request)
    {
        request = null!;
        if (!reader.TryReadByte(out var kind) || !reader.TryReadVarLenH(out var protocolBytes))
            return false;
        if (protocolBytes.Length is 0 or > PipeHandshake.MaxProtocolLength)
            return reader.Fail(DropReason.OversizedField);
        string protocol;
        try
        {
            protocol = new UTF8Encoding(false, true).GetString(protocolBytes);
        }
        catch (DecoderFallbackException)
        {
            return reader.Fail(DropReason.Malformed);
        }

        if (!reader.TryReadVarLenH(out var token))
            return false;
        if (token.Length > PipeHandshake.MaxTokenLength)
            return reader.Fail(DropReason.OversizedField);
        var tokenBytes = token.ToArray();
        if (!reader.TryReadVarLenH(out var record))
            return false;
        if (record.Length > ReachabilityRecord.MaxEncodedLength)
            return reader.Fail(DropReason.OversizedField);
        var recordBytes = record.ToArray();
        if (!TryReadEndPoints(ref reader, out var endPoints) || !reader.TryReadInt64(out var startMs))
            return false;
        if (startMs < 0 || startMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            return reader.Fail(DropReason.Malformed);
        request = new SignalRequest((SignalKind)kind, protocol, tokenBytes, recordBytes, endPoints, DateTimeOffset.FromUnixTimeMilliseconds(startMs));
        return true;
    }

    public static void Write(ref PacketWriter writer, SignalReply reply)
    {
        writer.WriteBool(reply.Accepted);
        var reason = reply.Reason;
        while (Encoding.UTF8.GetByteCount(reason) > MaxReasonBytes)
            reason = reason[..(reason.Length * 3 / 4)];
        writer.WriteVarLenHUtf8(reason);
        WriteEndPoints(ref writer, reply.PunchEndPoints);
    }

    public static bool TryRead(ref PacketReader reader, out SignalReply reply)
    {
        reply = null!;
        if (!reader.TryReadBool(out var accepted) || !reader.TryReadVarLenH(out var reasonBytes))
            return false;
        if (reasonBytes.Length > MaxReasonBytes)
            return reader.Fail(DropReason.OversizedField);
        string reason;
        try
        {
            reason = new UTF8Encoding(false, true).GetString(reasonBytes);
        }
        catch (DecoderFallbackException)
        {
            return reader.Fail(DropReason.Malformed);
        }

        if (!TryReadEndPoints(ref reader, out var endPoints))
            return false;
        reply = new SignalReply(accepted, reason, endPoints);
        return true;
    }

    private static void WriteEndPoints(ref PacketWriter writer, IReadOnlyList<IPEndPoint> endPoints)
    {
        var count = Math.Min(endPoints.Count, ReachabilityRecord.MaxAddresses);
        writer.WriteByte((byte)count);
        for (var i = 0; i < count; i++)
            writer.WriteIpAddress(UdpAddress.FromEndPoint(endPoints[i]));
    }

    private static bool TryReadEndPoints(ref PacketReader reader, out IReadOnlyList<IPEndPoint> endPoints)
    {
        endPoints = [];
        if (!reader.TryReadByte(out var count))
            return false;
        if (count > ReachabilityRecord.MaxAddresses)
            return reader.Fail(DropReason.OversizedField);
        var list = new List<IPEndPoint>(count);
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadIpAddress(out var address))
                return false;
            list.Add(address.ToEndPoint());
        }

        endPoints = list;
        return true;
    }
}
