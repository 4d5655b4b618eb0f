namespace Ipv8.Rendezvous;

/// <summary>
/// Where a paginated discovery stands: it walks the namespace's registrations in insertion order starting at a random
/// registration (<see cref="Start"/>), wraps around once, and stops before <see cref="Start"/> again.
/// </summary>
/// <param name="Start">The sequence number the walk started at (chosen at random on the first page).</param>
/// <param name="Next">The smallest sequence number not yet considered in the current pass.</param>
/// <param name="Wrapped">True once the walk went past the newest registration and started again at the oldest.</param>
/// <param name="Returned">The records returned so far over all pages.</param>
/// <param name="Limit">The most records the whole discovery may return (fixed on the first page).</param>
internal readonly record struct PageCursor(ulong Start, ulong Next, bool Wrapped, int Returned, int Limit);
