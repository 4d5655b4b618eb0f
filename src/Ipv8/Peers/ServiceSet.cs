namespace Ipv8.Peers;

/// <summary>
/// The services of one peer, in the order they were first recorded: the first inline, further ones in a small array that
/// doubles as needed. Most peers offer one service (one overlay), where this costs ~56 bytes instead of a HashSet's ~220;
/// lookups are linear, and a peer holds at most <see cref="NetworkOptions.MaxServicesPerPeer"/> services.
/// Not thread-safe: the network's lock guards it.
/// </summary>
internal sealed class ServiceSet
{
    private ServiceId _first;
    private ServiceId[]? _more;
    private int _count;

    /// <summary>Gets the number of services.</summary>
    public int Count => _count;

    /// <summary>Returns true when <paramref name="service"/> is in the set.</summary>
    public bool Contains(ServiceId service)
    {
        if (_count == 0)
        {
            return false;
        }

        if (_first.Equals(service))
        {
            return true;
        }

        for (var i = 0; i < _count - 1; i++)
        {
            if (_more![i].Equals(service))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds <paramref name="service"/> unless present; returns true when it was added.</summary>
    public bool Add(ServiceId service)
    {
        if (Contains(service))
        {
            return false;
        }

        if (_count == 0)
        {
            _first = service;
        }
        else
        {
            var index = _count - 1;
            if (_more is null || index == _more.Length)
            {
                Array.Resize(ref _more, _more is null ? 2 : _more.Length * 2);
            }

            _more[index] = service;
        }

        _count++;
        return true;
    }

    /// <summary>Returns the services, oldest first (a new list).</summary>
    public List<ServiceId> ToList()
    {
        var list = new List<ServiceId>(_count);
        if (_count > 0)
        {
            list.Add(_first);
            for (var i = 0; i < _count - 1; i++)
            {
                list.Add(_more![i]);
            }
        }

        return list;
    }
}
