using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// REGISTER_RESPONSE, message id 2 (signed, no global time): <c>I</c> the REGISTER's identifier, <c>H</c> status
/// (<see cref="RegistrationStatus"/>), <c>I</c> granted TTL in seconds (0 unless <see cref="RegistrationStatus.Ok"/>).
/// </summary>
/// <param name="Identifier">The identifier of the REGISTER answered.</param>
/// <param name="Status">The status.</param>
/// <param name="GrantedTtlSeconds">The TTL granted, in seconds.</param>
public readonly record struct RegisterResponsePayload(uint Identifier, RegistrationStatus Status, uint GrantedTtlSeconds) : IPayload<RegisterResponsePayload>
{
    /// <summary>The message id (2).</summary>
    public const byte MessageId = 2;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteUInt32(Identifier);
        writer.WriteUInt16((ushort)Status);
        writer.WriteUInt32(GrantedTtlSeconds);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out RegisterResponsePayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt32(out var identifier) || !reader.TryReadUInt16(out var status) || !reader.TryReadUInt32(out var ttl))
        {
            return false;
        }

        payload = new RegisterResponsePayload(identifier, (RegistrationStatus)status, ttl);
        return true;
    }
}
