namespace Ipv8.Connectivity.Pipes;

/// <summary>Serves one protocol on accepted pipes. Registered with <see cref="PipeServer"/> by <see cref="Protocol"/>.</summary>
public interface IPipeHandler
{
    /// <summary>Gets the protocol name initiators ask for (1..64 bytes of UTF-8, case-sensitive).</summary>
    string Protocol { get; }

    /// <summary>Serves one authenticated pipe until it ends; the server disposes the pipe afterwards. Exceptions are logged and counted.</summary>
    Task HandleAsync(SecurePipe pipe, CancellationToken cancellationToken);
}
