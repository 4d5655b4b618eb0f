namespace Ipv8.Bootstrapping;

/// <summary>What reading a peer cache file found.</summary>
public enum PeerCacheLoadResult
{
    /// <summary>The file was read; its valid entries were taken.</summary>
    Loaded,

    /// <summary>There is no cache file yet (a first start): not a problem.</summary>
    Missing,

    /// <summary>The file is larger than <see cref="PeerCacheOptions.MaxFileBytes"/>; ignored.</summary>
    Oversized,

    /// <summary>The file could not be read (permissions, a directory in its place, an I/O error); ignored.</summary>
    Unreadable,

    /// <summary>Other users may write the file, so its addresses cannot be trusted; ignored.</summary>
    UnsafePermissions,

    /// <summary>The file is not a peer cache (malformed JSON, wrong version or shape); ignored.</summary>
    Corrupt,

    /// <summary>The file belongs to another community id; ignored.</summary>
    OtherCommunity,
}
