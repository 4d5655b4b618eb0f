namespace Ipv8.Bootstrapping;

/// <summary>An inclusive range of UDP ports.</summary>
/// <param name="First">The first port.</param>
/// <param name="Last">The last port (inclusive).</param>
public readonly record struct PortRange(int First, int Last)
{
    /// <summary>Gets py-ipv8's beacon range: every port 0 to 65 534 (65 535 datagrams per beacon).</summary>
    public static PortRange All => new(0, 65_534);

    /// <summary>Gets the number of ports in the range.</summary>
    public int Count => Last - First + 1;

    /// <summary>Returns true when <paramref name="port"/> lies in the range.</summary>
    public bool Contains(int port) => port >= First && port <= Last;

    /// <summary>Throws when the range is empty or outside 0..65535.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is outside 0..65535 or <see cref="Last"/> is below <see cref="First"/>.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(First);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Last, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(Last, First);
    }
}
