namespace Launcher.Cli.Tests;

[TestFixture]
public sealed class StatusLoopTests
{
    [TestCase(true, false, false, true, "Quiet", TestName = "Choose_Quiet_ShowsNothing")]
    [TestCase(true, true, true, false, "Quiet", TestName = "Choose_QuietAndPlain_QuietWins")]
    [TestCase(false, true, false, true, "Plain", TestName = "Choose_PlainOnATerminal_PlainLines")]
    [TestCase(false, false, true, true, "Plain", TestName = "Choose_OutputRedirected_PlainLines")]
    [TestCase(false, false, false, false, "Plain", TestName = "Choose_TerminalWithoutAnsi_PlainLines")]
    [TestCase(false, false, false, true, "Live", TestName = "Choose_AnsiTerminal_LiveTable")]
    public void Choose(bool quiet, bool plain, bool redirected, bool ansi, string expected) =>
        Assert.That(StatusLoop.Choose(quiet, plain, redirected, () => ansi).ToString(), Is.EqualTo(expected)); // RunOutputMode is internal

    [Test]
    public void Choose_QuietPlainOrRedirected_NeverProbesTheTerminal()
    {
        var probed = 0;
        bool Probe()
        {
            probed++;
            return true;
        }

        StatusLoop.Choose(quiet: true, plain: false, outputRedirected: false, Probe);
        StatusLoop.Choose(quiet: false, plain: true, outputRedirected: false, Probe);
        StatusLoop.Choose(quiet: false, plain: false, outputRedirected: true, Probe);

        Assert.That(probed, Is.Zero);
    }
}
