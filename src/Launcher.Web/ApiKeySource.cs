namespace Launcher.Web;

/// <summary>Finds the API key: the options' key, else the key file's first line, else the environment variable.</summary>
internal static class ApiKeySource
{
    /// <summary>Returns the configured key, or null when none is configured.</summary>
    /// <exception cref="InvalidOperationException">The key file cannot be read or is empty (the message names the file, never its content).</exception>
    public static string? Resolve(WebApiOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            return options.ApiKey;
        }

        if (options.ApiKeyFile is { } file)
        {
            string? line;
            try
            {
                line = File.ReadLines(file).FirstOrDefault()?.Trim();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"the API key file '{file}' cannot be read: {exception.Message}", exception);
            }

            return string.IsNullOrEmpty(line) ? throw new InvalidOperationException($"the API key file '{file}' is empty") : line;
        }

        return options.ApiKeyEnvironmentVariable is { } variable && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value.Trim() : null;
    }
}
