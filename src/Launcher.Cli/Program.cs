namespace Launcher.Cli;

/// <summary>Entry point of the <c>launcher</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args)
    {
        Console.WriteLine("launcher: not yet wired");
        return args.Length == 0 ? 0 : 1;
    }
}
