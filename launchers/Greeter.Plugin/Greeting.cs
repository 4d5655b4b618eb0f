namespace Greeter;

/// <summary>One greeting exchanged by a <see cref="GreeterCommunity"/>, sent or received.</summary>
/// <param name="Mid">The other peer's member id (hex).</param>
/// <param name="Namespace">The namespace the greeter found the greeted peer under.</param>
/// <param name="Text">The greeting's text, or the reply's when this records an answered greeting we sent.</param>
/// <param name="At">When it was recorded.</param>
public sealed record Greeting(string Mid, string Namespace, string Text, DateTimeOffset At);
