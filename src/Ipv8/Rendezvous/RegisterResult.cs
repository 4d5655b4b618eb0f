namespace Ipv8.Rendezvous;

/// <summary>The outcome of <see cref="RendezvousCommunity.RegisterAsync"/>.</summary>
/// <param name="Status">The point's status, or null when it did not answer within the request timeout.</param>
/// <param name="GrantedTtl">The TTL granted (zero unless <see cref="RegistrationStatus.Ok"/>).</param>
public sealed record RegisterResult(RegistrationStatus? Status, TimeSpan GrantedTtl)
{
    /// <summary>Gets a value indicating whether the point stored the registration.</summary>
    public bool Succeeded => Status == RegistrationStatus.Ok;
}
