using Rhythm.Jobs;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Jobs;

/// <summary>
/// The helper that gives Windows steps their grace period, as far as it can run here: how a program's Main hands
/// over to it, and that away from Windows it neither runs nor is asked to (the Ctrl+C itself runs under Wine, in
/// deploy/check-windows-on-wine.sh).
/// </summary>
[TestFixture]
internal sealed class StepInterruptHelperTests
{
    [Test]
    public void TryRun_OrdinaryArguments_LeavesMainToGoOn()
    {
        // On Windows it would also make this test host the helper for every later step stop.
        Assume.That(OperatingSystem.IsWindows(), Is.False);

        var handled = StepInterruptHelper.TryRun(["run", "--jobs", "jobs.json"], out var exitCode);

        Assert.Multiple(() =>
        {
            Assert.That(handled, Is.False);
            Assert.That(exitCode, Is.Zero);
        });
    }

    [Test]
    public async Task RhythmProgram_HelperArguments_AreTakenBeforeTheCommandLine()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False);
        using var folder = new TempFolder();

        var (exitCode, output, error) = await RhythmProgram.RunAsync(folder.Path, StepInterruptHelper.Verb, "1234");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(3));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.Contain("raises Ctrl+C on a Windows console").And.Not.Contain("usage: rhythm"));
        });
    }
}
