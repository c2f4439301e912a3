using Rhythm.Model;
using Rhythm.Reload;

namespace Rhythm.Tests.Reload;

[TestFixture]
internal sealed class RestartSettingsTests
{
    private static readonly GroupDefinition Group = new()
    {
        Name = "health",
        Schedule = new EverySchedule(TimeSpan.FromMinutes(10)),
        Steps = [new StepDefinition { Name = "work", Run = "builtin:scripted" }],
    };

    private static JobsFile File(RhythmSettings rhythm, AdaptiveSettings? adaptive = null)
        => new() { SourcePath = "/srv/rhythm/jobs.json", Rhythm = rhythm, Adaptive = adaptive ?? new AdaptiveSettings(), Groups = [Group] };

    [Test]
    public void Changed_SameSettings_IsEmpty()
    {
        Assert.That(RestartSettings.Changed(File(new RhythmSettings()), File(new RhythmSettings())), Is.Empty);
    }

    [Test]
    public void Changed_StartOnlySettings_NamesEachWithBothValues()
    {
        var running = File(new RhythmSettings());
        var onDisk = File(
            new RhythmSettings { Store = "other.db", MaxConcurrency = 8, SampleEvery = TimeSpan.FromSeconds(30), CpuPressure = 90 },
            new AdaptiveSettings { BusyFactor = 2 });

        var changed = RestartSettings.Changed(running, onDisk);

        Assert.That(changed, Is.EqualTo(new[]
        {
            new RestartSetting("rhythm.store", "/srv/rhythm/rhythm.db", "/srv/rhythm/other.db"),
            new RestartSetting("rhythm.maxConcurrency", "4", "8"),
            new RestartSetting("rhythm.sampleEvery", "15s", "30s"),
            new RestartSetting("rhythm.cpuPressure", "off", "90"),
            new RestartSetting("adaptive.busyFactor", "1.5", "2"),
        }));
    }

    [Test]
    public void Changed_LiveSettings_AreNotReported()
    {
        var onDisk = File(new RhythmSettings { KeepHistory = TimeSpan.FromDays(7), KeepMetrics = TimeSpan.FromDays(1) });

        Assert.That(RestartSettings.Changed(File(new RhythmSettings()), onDisk), Is.Empty);
    }

    [Test]
    public void KeepRunning_TakesGroupsAndLiveSettingsFromDiskAndTheRestFromTheRunningFile()
    {
        var running = File(new RhythmSettings());
        var changed = File(new RhythmSettings { MaxConcurrency = 8, KeepHistory = TimeSpan.FromDays(7) }, new AdaptiveSettings { IdleFactor = 0.5 });
        var onDisk = changed with { Groups = [Group, Group with { Name = "new" }] };

        var applied = RestartSettings.KeepRunning(running, onDisk);

        Assert.Multiple(() =>
        {
            Assert.That(applied.Groups.Select(g => g.Name), Is.EqualTo(new[] { "health", "new" }));
            Assert.That(applied.Rhythm.KeepHistory, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(applied.Rhythm.MaxConcurrency, Is.EqualTo(4));
            Assert.That(applied.Adaptive.IdleFactor, Is.EqualTo(0.8));
            Assert.That(applied.StorePath, Is.EqualTo("/srv/rhythm/rhythm.db"));
        });
    }
}
