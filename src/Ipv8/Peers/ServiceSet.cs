namespace Ipv8.Peers;

/// <summary>
/// The services of one peer, in the order they were first recorded: an immutable set (a change makes a new set), so the
/// sets of one service can be shared. Most peers offer one service (one overlay): a network hands every such peer the same
/// one-service set (<see cref="Network"/> interns them), so a peer's services cost a reference instead of an object each
/// (~56 bytes per peer; a HashSet cost ~220). Lookups are linear; a peer holds at most
/// <see cref="NetworkOptions.MaxServicesPerPeer"/> services.
/// </summary>
internal sealed class ServiceSet
{
    private readonly ServiceId _first;
    private readonly ServiceId[]? _more;

    private ServiceSet(int count, ServiceId first, ServiceId[]? more)
    {
        Count = count;
        _first = first;
        _more = more;
    }

    /// <summary>Gets the set without services.</summary>
    public static ServiceSet Empty { get; } = new(0, default, null);

    /// <summary>Gets the number of services.</summary>
    public int Count { get; }

    /// <summary>Returns a set holding only <paramref name="service"/>.</summary>
    public static ServiceSet Of(ServiceId service) => new(1, service, null);

    /// <summary>Returns true when <paramref name="service"/> is in the set.</summary>
    public bool Contains(ServiceId service)
    {
        if (Count == 0)
        {
            return false;
        }

        if (_first.Equals(service))
        {
            return true;
        }

        if (_more is { } more)
        {
            foreach (var other in more)
            {
                if (other.Equals(service))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Returns this set with <paramref name="service"/> added (a new set; this one when it is already present). The empty
    /// set becomes <paramref name="single"/> when given (a shared one-service set of the same service).
    /// </summary>
    public ServiceSet With(ServiceId service, ServiceSet? single = null)
    {
        if (Contains(service))
        {
            return this;
        }

        if (Count == 0)
        {
            return single ?? Of(service);
        }

        return new ServiceSet(Count + 1, _first, [.. _more ?? [], service]);
    }

    /// <summary>Returns the services, oldest first (a new list).</summary>
    public List<ServiceId> ToList()
    {
        var list = new List<ServiceId>(Count);
        if (Count > 0)
        {
            list.Add(_first);
            list.AddRange(_more ?? []);
        }

        return list;
    }
}
