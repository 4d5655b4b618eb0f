using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>Type-tolerant accessors for binding (null when the node has another type; the schema reported it).</summary>
internal static class NodeValues
{
    public static string? Text(this ConfigNode node) => node.Kind == ConfigValueKind.String ? node.String : null;

    public static int? Int(this ConfigNode node) =>
        node.TypeName == "integer" && node.Number is >= int.MinValue and <= int.MaxValue ? (int)node.Number : null;

    public static double? Double(this ConfigNode node) =>
        node.Kind == ConfigValueKind.Number && double.IsFinite(node.Number) ? node.Number : null;

    public static bool? Bool(this ConfigNode node) => node.Kind == ConfigValueKind.Boolean ? node.Boolean : null;

    public static SettingsMap Settings(this ConfigNode node) =>
        node.Kind == ConfigValueKind.Object ? node.ToSettings() : SettingsMap.Empty;

    public static EquatableArray<string> Strings(this ConfigNode node) =>
        EquatableArray.From(node.Items.Select(Text).OfType<string>());

    public static EquatableArray<TItem> List<TItem>(this ConfigNode node, string path, Func<ConfigNode, string, TItem?> bind)
        where TItem : class =>
        EquatableArray.From(node.Items.Select((item, i) => bind(item, ConfigNode.Child(path, i))).OfType<TItem>());
}
