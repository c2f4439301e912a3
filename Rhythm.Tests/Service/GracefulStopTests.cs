using System.Diagnostics;
using Rhythm.History;
using Rhythm.Tests.Control;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Service;

/// <summary>SIGTERM, as systemd stops the service, while a long step runs.</summary>
[TestFixture]
[Platform("Linux")]
internal sealed class GracefulStopTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    // Beyond the grace period: the runner's kill-and-reap limits and the store closing; far below TimeoutStopSec.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        Directory.CreateDirectory(_folder.File("scripts"));

        // Sleeping in the background and waiting lets the shell run its trap as soon as the signal arrives. The trap
        // takes a second of its own, which the grace period must leave it; like a careful script, it ignores further
        // TERMs while it cleans up (the runner signals the process and its group, so more than one may arrive).
        File.WriteAllText(_folder.File("scripts/long.sh"), """
            #!/bin/sh
            trap 'trap "" TERM; echo term >> stopped.txt; sleep 1; echo cleaned-up >> stopped.txt; exit 143' TERM
            echo started > started.txt
            sleep 60 &
            wait $!
            echo finished >> stopped.txt
            """.ReplaceLineEndings("\n"));
        File.WriteAllText(RunningHost.JobsPath(_folder), """
            {
              "rhythm": { "store": "state/rhythm.db", "gracePeriod": "5s" },
              "groups": [
                { "name": "long", "every": "1h", "priority": "critical",
                  "steps": [ { "name": "sleep", "run": "scripts/long.sh" } ] }
              ]
            }
            """);
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task SigTerm_DuringALongStep_GivesTheStepItsSignalAndGraceThenExitsZeroWithTheRunCancelled()
    {
        using var host = await RunningHost.StartAsync(_folder);
        await Eventually.Until(() => File.Exists(_folder.File("started.txt")), "the long step to start", TimeSpan.FromSeconds(60));

        var clock = Stopwatch.StartNew();
        var exitCode = await host.StopAsync();
        var took = clock.Elapsed;

        Assert.That(exitCode, Is.Zero, host.Program.Output);
        Assert.That(took, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.LessThan(Grace + Margin), host.Program.Output);
        Assert.That(File.ReadAllLines(_folder.File("stopped.txt")), Is.EqualTo(new[] { "term", "cleaned-up" }),
            "the step got SIGTERM and had time to clean up, and was not left to finish its minute");
        var run = StoreRuns.For(RunningHost.JobsPath(_folder)).Of("long").Single();
        Assert.Multiple(() =>
        {
            Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Cancelled));
            Assert.That(run.Steps.Single().Outcome, Is.EqualTo("cancelled"));
            Assert.That(run.Steps.Single().Message, Does.Match(@"^cancelled \(stopped after \d+\.\ds\)$"));
        });
    }
}
