using System.CommandLine;

namespace Launcher.Cli;

/// <summary>Entry point of the <c>launcher</c> command: run, validate, plan, list and tracker.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command; returns its exit code.</summary>
    public static Task<int> Main(string[] args)
    {
        // `run` compiles its start-up path on the second core while this thread parses the command line (see StartupWarmup).
        var warmup = args is ["run", ..] ? StartupWarmup.Start() : null;
        var root = new RootCommand("Launch IPv8 overlays from declarations (overlays.yaml, JSON, attributes, plugins).");
        root.Subcommands.Add(RunCommand.Create(warmup));
        if (warmup is null)
        {
            // `run` parses and helps alike with its siblings absent, and building them is start-up time it does not need.
            root.Subcommands.Add(ModelCommands.CreateValidate());
            root.Subcommands.Add(ModelCommands.CreatePlan());
            root.Subcommands.Add(ModelCommands.CreateList());
            root.Subcommands.Add(TrackerCommand.Create());
            root.Subcommands.Add(ConnectCommand.Create());
        }

        // `run` stops through its generic host (SIGTERM, Ctrl-C: a drain bounded by HostOptions:ShutdownTimeout); the parser's
        // own handling would cut that drain after its fixed 2 s, so it is left to the other commands.
        var invocation = warmup is null ? new InvocationConfiguration() : new InvocationConfiguration { ProcessTerminationTimeout = null };
        return root.Parse(args).InvokeAsync(invocation);
    }
}
