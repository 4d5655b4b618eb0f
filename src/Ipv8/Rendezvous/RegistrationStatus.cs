namespace Ipv8.Rendezvous;

/// <summary>The status of a REGISTER_RESPONSE or DISCOVER_RESPONSE (the numbers of libp2p rendezvous' <c>ResponseStatus</c>).</summary>
public enum RegistrationStatus : ushort
{
    /// <summary>Done.</summary>
    Ok = 0,

    /// <summary>The namespace is invalid, or the record names another one.</summary>
    InvalidNamespace = 100,

    /// <summary>The signed record is invalid: another key's, badly signed, expired or too long-lived.</summary>
    InvalidSignedPeerRecord = 101,

    /// <summary>The cookie is tampered with, expired, replayed or bound to another namespace or requester.</summary>
    InvalidCookie = 103,

    /// <summary>The rendezvous point is full for this key, its /24 or /56 prefix, or overall; or rate-limited.</summary>
    Unavailable = 400,
}
