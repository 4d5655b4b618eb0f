namespace Ipv8.Messaging;

/// <summary>Why a datagram was dropped. Every drop on the receive path is counted under one of these.</summary>
public enum DropReason
{
    /// <summary>Shorter than the 23-byte header or than its message's fixed part.</summary>
    TooShort,

    /// <summary>No listener claims the 22-byte prefix (wrong community or version, or garbage).</summary>
    UnknownPrefix,

    /// <summary>The message id has no handler in this community.</summary>
    UnknownMessageId,

    /// <summary>A deprecated Dispersy message id.</summary>
    DeprecatedMessageId,

    /// <summary>A field could not be decoded, or bytes were left over.</summary>
    Malformed,

    /// <summary>A length field points beyond the datagram.</summary>
    OversizedField,

    /// <summary>The public-key bin could not be parsed.</summary>
    InvalidKey,

    /// <summary>The signature did not verify.</summary>
    BadSignature,

    /// <summary>The sender's address or member id is blacklisted.</summary>
    Blacklisted,

    /// <summary>The community is at <c>max_peers</c> and refused a request.</summary>
    PeerLimit,

    /// <summary>A rate limit or budget refused the datagram.</summary>
    RateLimited,

    /// <summary>A bounded table or queue was full.</summary>
    TableFull,

    /// <summary>A handler threw; the exception was logged and the datagram dropped.</summary>
    HandlerFailed,

    /// <summary>A listener threw out of <see cref="IDatagramListener.OnDatagram"/>.</summary>
    ListenerFailed,

    /// <summary>A datagram we tried to send was too large.</summary>
    SendTooLarge,

    /// <summary>A datagram we tried to send could not be sent (closed endpoint, unserved family, socket error).</summary>
    SendFailed,

    /// <summary>A message that is valid but not expected in the current state (stale response, unknown cache id).</summary>
    Unexpected,

    // limits

    /// <summary>The source address's token bucket was empty (<see cref="ReceiveLimitOptions.AddressRate"/>).</summary>
    RateLimitedAddress,

    /// <summary>The token bucket of the source's prefix (/24 or /56) was empty (<see cref="ReceiveLimitOptions.PrefixRate"/>).</summary>
    RateLimitedPrefix,

    /// <summary>The global budget for unproven sources was empty (<see cref="ReceiveLimitOptions.GlobalRate"/>).</summary>
    RateLimitedGlobal,

    // trust

    /// <summary>The source has not proven its address (e.g. a puncture-request from an address we never heard back from).</summary>
    UntrustedSource,

    /// <summary>Sending would exceed, in bytes or packets, what an unproven address sent us (no reflection amplification).</summary>
    ReflectionBudget,

    /// <summary>An introduction-response that answers no request we sent to its source address.</summary>
    UnsolicitedResponse,

    // receive pipeline

    /// <summary>
    /// The receive queue of the datagram's lane was full (<see cref="UdpEndpointOptions.ReceiveQueueCapacity"/>): the
    /// handlers are behind, so the datagram is dropped and counted here instead of overflowing the kernel's buffer.
    /// </summary>
    ReceiveQueueFull,

    /// <summary>A datagram was read from the socket of an endpoint that was being closed, after it stopped delivering.</summary>
    EndpointClosed,
}
