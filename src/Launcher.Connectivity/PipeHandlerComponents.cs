using System.Reflection;
using Ipv8.Connectivity.Pipes;
using Launcher.Catalog;
using Launcher.Definitions;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Connectivity;

/// <summary>
/// Pipe handlers as catalog components: <see cref="AddPipeHandlers"/> teaches a model builder the
/// <see cref="ComponentKind.PipeHandler"/> kind (every public <see cref="IPipeHandler"/> class of the scanned and plugin
/// assemblies, named by its <see cref="PipeProtocolAttribute"/>), so a <c>connectivity.handlers</c> name that no handler
/// serves is refused by <c>validate</c>, <c>plan</c> and <c>run</c> alike; <see cref="Create"/> makes the handlers a
/// node serves.
/// </summary>
public static class PipeHandlerComponents
{
    /// <summary>
    /// Registers the pipe-handler kind and the built-in <c>echo</c> handler on <paramref name="builder"/>. Handler instances
    /// an application registered in DI (<paramref name="registered"/>) join the catalog under their
    /// <see cref="IPipeHandler.Protocol"/>. Calling it twice has no further effect.
    /// </summary>
    /// <param name="builder">The model builder.</param>
    /// <param name="registered">Handler instances from DI, or null.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static LauncherModelBuilder AddPipeHandlers(this LauncherModelBuilder builder, IEnumerable<IPipeHandler>? registered = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        List<IPipeHandler> instances = [.. registered ?? []];
        return builder
            .AddComponentKind(ComponentKind.PipeHandler, typeof(IPipeHandler), type => NameOf(type, instances))
            .AddTypes([typeof(EchoPipeHandler), .. instances.Select(h => h.GetType())]);
    }

    /// <summary>
    /// Makes the handlers <paramref name="section"/> declares, in its order: an instance from <paramref name="registered"/>
    /// serving that protocol, else the catalog's class of that name created through <paramref name="services"/>
    /// (constructor injection).
    /// </summary>
    /// <param name="section">The declared section.</param>
    /// <param name="catalog">The model's catalog (with the pipe-handler kind).</param>
    /// <param name="registered">Handler instances from DI.</param>
    /// <param name="services">The services handler classes are created from.</param>
    /// <returns>One handler per declared protocol.</returns>
    /// <exception cref="InvalidOperationException">A name is not in the catalog, its class cannot be created, or the
    /// instance serves another protocol than the name it was found by (the message names the section and the class).</exception>
    public static IReadOnlyList<IPipeHandler> Create(ConnectivityDefinition section, ComponentCatalog catalog, IEnumerable<IPipeHandler> registered, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(services);
        var byProtocol = registered.GroupBy(h => h.Protocol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        List<IPipeHandler> handlers = [];
        foreach (var name in section.Handlers)
        {
            if (byProtocol.TryGetValue(name, out var instance))
            {
                handlers.Add(instance);
                continue;
            }

            if (!catalog.TryResolve(ComponentKind.PipeHandler, name, out var component))
                throw new InvalidOperationException($"{section.Origin}: {catalog.UnknownMessage(ComponentKind.PipeHandler, name)}");
            IPipeHandler handler;
            try
            {
                handler = (IPipeHandler)ActivatorUtilities.CreateInstance(services, component.Type);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"{section.Origin}: cannot create pipe handler {component.Type.FullName} for '{name}': {e.Message}", e);
            }

            if (!string.Equals(handler.Protocol, name, StringComparison.Ordinal))
                throw new InvalidOperationException($"{section.Origin}: pipe handler {component.Type.FullName} was found as '{name}' but serves '{handler.Protocol}'; make its [PipeProtocol] name and Protocol agree");
            handlers.Add(handler);
        }

        return handlers;
    }

    private static string? NameOf(Type type, List<IPipeHandler> registered) =>
        type.GetCustomAttribute<PipeProtocolAttribute>()?.Protocol
        ?? registered.FirstOrDefault(h => h.GetType() == type)?.Protocol;
}
