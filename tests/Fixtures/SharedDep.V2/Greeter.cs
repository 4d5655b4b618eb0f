namespace SharedDep;

/// <summary>Version 2: <see cref="Greet"/> changed its output, and <see cref="Shout"/> is new.</summary>
public static class Greeter
{
    public static string Greet(string name) => $"hello {name} (v2)";

    public static string Shout(string name, int times) => string.Concat(Enumerable.Repeat(name.ToUpperInvariant() + "!", times));
}
