namespace Ipv8;

/// <summary>
/// The one validation contract of options records (the idea of Microsoft.Extensions.Options'
/// <c>IValidateOptions</c>/<c>ValidateOptionsResult</c>, on the record itself): <see cref="Validate"/> returns every
/// failure, never only the first. The launcher validates every bound <c>init</c>/<c>initialize</c> object through it
/// and reports each failure as a configuration error; constructors throw on the first failure instead.
/// </summary>
public interface IValidatableOptions
{
    /// <summary>
    /// Checks every setting and returns one message per failure, each starting with the setting's configuration name
    /// (e.g. <c>timeout must be greater than 0 (was -1 s)</c>); empty when valid. Never throws.
    /// </summary>
    /// <returns>The failures.</returns>
    IReadOnlyList<string> Validate();
}
