using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Tests.Configuration;

/// <summary><see cref="ErrorList.InsertRange"/>: a late check's errors land where an in-place check would have put them.</summary>
public sealed class ErrorListTests
{
    private static ConfigurationError Error(string message) => new(Origin.InFile("overlays.yaml", 1, 1), "", message);

    private static IEnumerable<string> Messages(ErrorList list) => list.Errors.Select(e => e.Message);

    [Test]
    public void InsertRange_NewErrors_PutAtTheIndexInTheirOrder()
    {
        var list = new ErrorList();
        list.Add(Error("parse"));
        list.Add(Error("bind"));

        list.InsertRange(1, [Error("schema 1"), Error("schema 2")]);

        Assert.That(Messages(list), Is.EqualTo(new[] { "parse", "schema 1", "schema 2", "bind" }));
    }

    [Test]
    public void InsertRange_ErrorAlreadyCollectedAfterTheIndex_MovesUpToIt()
    {
        // The binder and the schema can report the same problem in the same words; in place the schema's came first.
        var list = new ErrorList();
        list.Add(Error("parse"));
        list.Add(Error("same"));
        list.Add(Error("bind"));

        list.InsertRange(1, [Error("schema"), Error("same")]);

        Assert.That(Messages(list), Is.EqualTo(new[] { "parse", "schema", "same", "bind" }));
    }

    [Test]
    public void InsertRange_ErrorAlreadyCollectedBeforeTheIndex_StaysWhereItIs()
    {
        var list = new ErrorList();
        list.Add(Error("same"));
        list.Add(Error("bind"));

        list.InsertRange(1, [Error("same"), Error("schema")]);

        Assert.That(Messages(list), Is.EqualTo(new[] { "same", "schema", "bind" }));
    }

    [Test]
    public void InsertRange_IndexPastTheEnd_Throws()
    {
        var list = new ErrorList();

        Assert.That(() => list.InsertRange(1, [Error("schema")]), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
    [Test]
    public void AddUnlessReported_MatchingErrorAlreadyThere_AddsNothing()
    {
        var list = new ErrorList();
        list.Add(Error("schema: trust"));

        list.AddUnlessReported([Error("options: trust"), Error("options: more")], e => e.Message.EndsWith("trust", StringComparison.Ordinal));

        Assert.That(Messages(list), Is.EqualTo(new[] { "schema: trust" }));
    }

    [Test]
    public void AddUnlessReported_LaterInsertedCheckMatchesBeforeThem_TakesThemBack()
    {
        var list = new ErrorList();
        list.Add(Error("parse"));
        list.ExpectInsertion();
        list.AddUnlessReported([Error("options: trust"), Error("options: more")], e => e.Message.EndsWith("trust", StringComparison.Ordinal));
        list.Add(Error("model"));

        list.InsertRange(1, [Error("schema: trust")]);
        list.InsertionsDone();

        Assert.That(Messages(list), Is.EqualTo(new[] { "parse", "schema: trust", "model" }));
    }

    [Test]
    public void AddUnlessReported_InsertedCheckBelongsAfterThem_KeepsThem()
    {
        // A later file's schema errors were not there when an earlier file's options were checked in place.
        var list = new ErrorList();
        list.ExpectInsertion();
        list.AddUnlessReported([Error("options: trust")], e => e.Message.EndsWith("trust", StringComparison.Ordinal));
        list.ExpectInsertion();

        list.InsertRange(1, [Error("schema: trust")]);
        list.InsertionsDone();

        Assert.That(Messages(list), Is.EqualTo(new[] { "options: trust", "schema: trust" }));
    }
}
