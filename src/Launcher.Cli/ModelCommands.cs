using System.CommandLine;
using Launcher.Catalog;
using Launcher.Configuration;

namespace Launcher.Cli;

/// <summary>The commands that only read the model: <c>validate</c>, <c>plan</c> and <c>list</c>.</summary>
internal static class ModelCommands
{
    public static Command CreateValidate()
    {
        var file = CliOptions.File(optional: false);
        var plugins = CliOptions.Plugins();
        var command = new Command("validate", "Validate a configuration file against the schema and the catalog; prints every error.") { file, plugins };
        command.SetAction(result => Run(() =>
        {
            var model = ModelLoading.LoadChecked(result.GetValue(file)!, result.GetValue(plugins));
            Console.WriteLine($"{result.GetValue(file)}: valid ({model.Plan.Order.Count} overlays to launch)");
        }));
        return command;
    }

    public static Command CreatePlan()
    {
        var file = CliOptions.File(optional: false);
        var plugins = CliOptions.Plugins();
        var command = new Command("plan", "Dry run: print the resolved launch order and every definition with its origin.") { file, plugins };
        command.SetAction(result => Run(() => Console.WriteLine(PlanText(ModelLoading.LoadChecked(result.GetValue(file)!, result.GetValue(plugins))))));
        return command;
    }

    public static Command CreateList()
    {
        var plugins = CliOptions.Plugins();
        var command = new Command("list", "List every launcher, community, walk strategy, bootstrapper, discovery interface and pipe handler the catalog knows, with its assembly.") { plugins };
        command.SetAction(result => Run(() =>
        {
            var catalog = ModelLoading.Load(null, result.GetValue(plugins)).Catalog;
            foreach (var kind in Enum.GetValues<ComponentKind>())
            {
                Console.WriteLine($"{ComponentCatalog.KindText(kind)}:");
                foreach (var component in catalog.Components(kind))
                {
                    Console.WriteLine($"  {component.Name,-28} {component.Type.FullName} ({component.AssemblyName})");
                }
            }
        }));
        return command;
    }

    private static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (ConfigurationException exception)
        {
            return ModelLoading.Report(exception);
        }
    }

    private static string PlanText(Launcher.Launching.LauncherModel model) => model.Plan.Render(model.Configuration.Discovery);
}
