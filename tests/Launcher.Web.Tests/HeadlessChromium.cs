using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Launcher.Web.Tests;

/// <summary>
/// A headless Chromium driven over the DevTools protocol (its websocket, System.Net.WebSockets): opens one page, evaluates
/// JavaScript in it and takes screenshots. Loopback only: the debugging port listens on 127.0.0.1 and background
/// networking is switched off. Disposing kills the browser process it started and deletes its profile.
/// </summary>
internal sealed partial class HeadlessChromium : IDisposable
{
    public const string DefaultPath = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Starts Chromium on <paramref name="url"/> and connects to that page; fails after <paramref name="timeout"/>.</summary>
    public static async Task<HeadlessChromium> StartAsync(string executable, Uri url, TimeSpan timeout)
    {
        var profile = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-chromium-{Guid.NewGuid():N}")).FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-domain-reliability", "--disable-breakpad", "--hide-scrollbars", "--window-size=1280,1200",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}", url.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        var browser = new HeadlessChromium(process, profile);
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            _ = process.StandardOutput.ReadToEndAsync(deadline.Token);
            Uri? devtools = null;
            while (devtools is null)
            {
                var line = await process.StandardError.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("chromium exited before its DevTools endpoint was up");
                if (DevToolsLine().Match(line) is { Success: true } match)
                {
                    devtools = new Uri(match.Groups[1].Value);
                }
            }

            // The page target opened with the URL: its own websocket.
            using var http = new HttpClient();
            string? pageSocket = null;
            while (pageSocket is null)
            {
                using var list = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{devtools.Port}/json/list"), deadline.Token));
                pageSocket = list.RootElement.EnumerateArray().Where(t => t.GetProperty("type").GetString() == "page").Select(t => t.GetProperty("webSocketDebuggerUrl").GetString()).FirstOrDefault();
                if (pageSocket is null)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
                }
            }

            await browser._socket.ConnectAsync(new Uri(pageSocket), deadline.Token);
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> until it returns a non-null string, or throws after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(string expression, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            using var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true }, deadline.Token);
            if (result.RootElement.GetProperty("result").GetProperty("result").TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString()!;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }

    /// <summary>Takes a PNG screenshot of the whole page, below the window's height too.</summary>
    public async Task<byte[]> ScreenshotAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var metrics = await SendAsync("Page.getLayoutMetrics", new { }, deadline.Token);
        var content = metrics.RootElement.GetProperty("result").GetProperty("cssContentSize");
        var clip = new { x = 0, y = 0, width = content.GetProperty("width").GetDouble(), height = content.GetProperty("height").GetDouble(), scale = 1 };
        using var result = await SendAsync("Page.captureScreenshot", new { format = "png", captureBeyondViewport = true, clip }, deadline.Token);
        return Convert.FromBase64String(result.RootElement.GetProperty("result").GetProperty("data").GetString()!);
    }

    public void Dispose()
    {
        _socket.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; a temporary folder left behind is harmless.
        }
    }

    private async Task<JsonDocument> SendAsync(string method, object parameters, CancellationToken cancellationToken)
    {
        var id = ++_nextId;
        var request = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters });
        await _socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, cancellationToken);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            var document = JsonDocument.Parse(message.ToArray());
            if (document.RootElement.TryGetProperty("id", out var answer) && answer.GetInt32() == id)
            {
                if (document.RootElement.TryGetProperty("error", out var error))
                {
                    document.Dispose();
                    throw new InvalidOperationException($"{method} failed: {error}");
                }

                return document;
            }

            // An event of the page, not our answer.
            document.Dispose();
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
