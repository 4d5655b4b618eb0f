using System.CommandLine;

namespace Launcher.Cli;

/// <summary>Entry point of the <c>launcher</c> command: run, validate, plan, list and tracker.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command; returns its exit code.</summary>
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Launch IPv8 overlays from declarations (overlays.yaml, JSON, attributes, plugins).")
        {
            RunCommand.Create(),
            ModelCommands.CreateValidate(),
            ModelCommands.CreatePlan(),
            ModelCommands.CreateList(),
            TrackerCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
