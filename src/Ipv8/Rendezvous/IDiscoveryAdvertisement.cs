namespace Ipv8.Rendezvous;

/// <summary>A namespace being advertised (<see cref="IDiscoveryManager.Advertise"/>), renewed before it expires until <see cref="Stop"/>.</summary>
public interface IDiscoveryAdvertisement : IAsyncDisposable
{
    /// <summary>Gets the namespace advertised.</summary>
    string Namespace { get; }

    /// <summary>Gets how many times an interface confirmed the advertisement (first time and renewals).</summary>
    int Renewals { get; }

    /// <summary>Gets a value indicating whether <see cref="Stop"/> was called.</summary>
    bool IsStopped { get; }

    /// <summary>Stops renewing and withdraws the advertisement from every interface (best effort).</summary>
    void Stop();
}
