namespace Ipv8.Rendezvous;

/// <summary>Why a <see cref="SignedPeerRecord"/> was refused (<see cref="SignedPeerRecord.Check"/>).</summary>
public enum RecordProblem
{
    /// <summary>The record is valid.</summary>
    None,

    /// <summary>The record names another namespace than the one it was registered or asked for.</summary>
    WrongNamespace,

    /// <summary>The record's expiry has passed.</summary>
    Expired,

    /// <summary>The key bin does not parse.</summary>
    InvalidKey,

    /// <summary>The signature is not the key's signature over the record.</summary>
    BadSignature,

    /// <summary>The record's key is not the key that signed the message carrying it (someone else's record).</summary>
    KeyMismatch,

    /// <summary>The record's expiry is further in the future than the longest TTL allows.</summary>
    TooLongLived,
}
