namespace SampleChat;

/// <summary>
/// The <see cref="ChatLauncher"/>'s default <c>init</c> of its <see cref="StaticListBootstrapper"/>: the tracker that
/// <c>chat.yaml</c> starts on 127.0.0.1:18095. Public properties become snake_case settings.
/// </summary>
public sealed class LoopbackTrackerSettings
{
    /// <summary>Gets the tracker addresses as py-ipv8 writes them: <c>[ip, port]</c> pairs.</summary>
    public IReadOnlyList<object[]> Addresses { get; init; } = [["127.0.0.1", 18095]];
}
