using System.Net;
using Ipv8.Connectivity.Turn;
using Launcher.Definitions;

namespace Launcher.Connectivity;

/// <summary>Reads the credentials of <c>turn:</c> entries from the files or environment variables they name. Secrets never appear in messages.</summary>
internal static class TurnSecrets
{
    /// <summary>Builds the TURN server of <paramref name="entry"/>.</summary>
    /// <param name="entry">The declared entry (already checked: one secret source, a user name for long-term credentials).</param>
    /// <param name="baseDirectory">Relative secret files resolve against it (the configuration file's folder).</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <exception cref="InvalidOperationException">The file cannot be read or is empty, or the variable is unset or empty; the message names the file or variable, never its content.</exception>
    public static TurnServer ServerOf(TurnServerDefinition entry, string baseDirectory, Func<string, string?> environment)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(entry.Host), entry.Port);
        var file = entry.PasswordFile ?? entry.AuthSecretFile;
        var secret = file is not null
            ? ReadFile(Path.Combine(baseDirectory, file), entry)
            : ReadVariable(entry.PasswordEnv ?? entry.AuthSecretEnv ?? "", environment, entry);
        var credentials = entry.UsesAuthSecret
            ? TurnCredentials.SharedSecret(entry.Username.Length == 0 ? "launcher" : entry.Username, secret)
            : TurnCredentials.LongTerm(entry.Username, secret);
        return new TurnServer(endPoint, credentials);
    }

    private static string ReadFile(string path, TurnServerDefinition entry)
    {
        try
        {
            return TurnCredentials.ReadSecretFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException($"{entry.Origin}: cannot read the secret file {path} of {entry} ({(e is ArgumentException ? "empty" : e.GetType().Name)})", e);
        }
    }

    private static string ReadVariable(string name, Func<string, string?> environment, TurnServerDefinition entry) =>
        environment(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{entry.Origin}: the environment variable {name} of {entry} is not set");
}
