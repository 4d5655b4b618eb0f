namespace SharedDep;

/// <summary>Version 1: only <see cref="Greet"/>.</summary>
public static class Greeter
{
    public static string Greet(string name) => $"hello {name} (v1)";
}
