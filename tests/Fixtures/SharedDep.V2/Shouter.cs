namespace SharedDep;

/// <summary>Version 2 only: a base class, so that a plugin type deriving from it cannot even load against version 1.</summary>
public abstract class Shouter
{
    public abstract string Shout(string name);
}
