using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Launching;

namespace Launcher.Tests.Launching;

public sealed class LaunchPlanTests
{
    private static OverlayDefinition Overlay(string name, params string[] after) =>
        new() { Name = name, Class = "ChatCommunity", After = [.. after], Origin = new Origin($"test {name}") };

    private static (LaunchPlan Plan, ErrorList Errors) Plan(Func<OverlayDefinition, bool>? shouldLaunch, params OverlayDefinition[] overlays)
    {
        var errors = new ErrorList();
        return (LaunchPlan.Create(overlays, shouldLaunch, errors), errors);
    }

    [Test]
    public void Create_Dependencies_LaunchFirst()
    {
        var (plan, errors) = Plan(null, Overlay("C", "B"), Overlay("B", "A"), Overlay("A"));
        Assert.That(errors.Errors, Is.Empty);
        Assert.That(plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "A", "B", "C" }));
    }

    [Test]
    public void Create_NoDependencies_KeepsDeclarationOrder()
    {
        var (plan, _) = Plan(null, Overlay("B"), Overlay("A"), Overlay("C"));
        Assert.That(plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "B", "A", "C" }));
    }

    [Test]
    public void Create_AbsentDependency_IsIgnored()
    {
        var (plan, errors) = Plan(null, Overlay("A", "Missing"));
        Assert.That((plan.Order.Single().Name, errors.HasErrors), Is.EqualTo(("A", false)));
    }

    [Test]
    public void Create_DisabledDependency_IsIgnoredAndSkipped()
    {
        var (plan, errors) = Plan(null, Overlay("B", "A"), Overlay("A") with { Enabled = false });
        Assert.Multiple(() =>
        {
            Assert.That(errors.Errors, Is.Empty);
            Assert.That(plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "B" }));
            Assert.That(plan.Skipped.Select(o => o.Name), Is.EqualTo(new[] { "A" }));
        });
    }

    [Test]
    public void Create_FalseLaunchDecision_IsTreatedLikeDisabled()
    {
        var asked = new List<string>();
        var (plan, _) = Plan(o => { asked.Add(o.Name); return o.Name != "A"; }, Overlay("B", "A"), Overlay("A"));
        Assert.Multiple(() =>
        {
            Assert.That(plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "B" }));
            Assert.That(asked, Is.EqualTo(new[] { "B", "A" }), "each overlay is asked exactly once");
        });
    }

    [Test]
    public void Create_SelfDependency_IsACycle()
    {
        var (_, errors) = Plan(null, Overlay("A", "A"));
        Assert.That(errors.Errors.Single().ToString(), Is.EqualTo("test A: overlays.A.after: launch order cycle detected: A -> A"));
    }

    [Test]
    public void Create_Cycle_KeepsWhatCouldLaunch()
    {
        var (plan, errors) = Plan(null, Overlay("Free"), Overlay("X", "Y"), Overlay("Y", "X"));
        Assert.Multiple(() =>
        {
            Assert.That(plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "Free" }));
            Assert.That(errors.Errors.Single().Message, Is.EqualTo("launch order cycle detected: X -> Y -> X"));
        });
    }

    [Test]
    public void Render_ListsOrderOriginsAndSkipped()
    {
        var (plan, _) = Plan(null, Overlay("B", "A"), Overlay("A"), Overlay("Off") with { Enabled = false });
        var text = plan.Render();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("1. A (ChatCommunity) from test A"));
            Assert.That(text, Does.Contain("2. B (ChatCommunity) from test B"));
            Assert.That(text, Does.Contain("after: A"));
            Assert.That(text, Does.Contain("- Off (ChatCommunity) from test Off: disabled"));
        });
    }

    [Test]
    public void Create_SkipReasons_AreKeptAndRendered()
    {
        var errors = new ErrorList();
        var asked = new List<string>();
        var plan = LaunchPlan.Create([Overlay("B", "A"), Overlay("A"), Overlay("Off") with { Enabled = false }], errors, o =>
        {
            asked.Add(o.Name);
            return o.Name == "A" ? "condition 'HasGpu' is false" : null;
        });
        Assert.Multiple(() =>
        {
            Assert.That(plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "B" }), "B does not wait for an overlay that does not launch");
            Assert.That(asked, Is.EqualTo(new[] { "B", "A" }), "disabled overlays are not asked");
            Assert.That(plan.SkipReasons, Is.EqualTo(new Dictionary<string, string> { ["A"] = "condition 'HasGpu' is false", ["Off"] = "disabled (enabled: false)" }));
            Assert.That(plan.Render(), Does.Contain("- A (ChatCommunity) from test A: condition 'HasGpu' is false"));
        });
    }
}
