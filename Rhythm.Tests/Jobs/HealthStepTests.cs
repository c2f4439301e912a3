using System.Text.Json;
using Rhythm.Adaptive;
using Rhythm.Jobs.Builtins.Health;
using Rhythm.Jobs.Processes;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Tests.Jobs;

public sealed class HealthStepTests
{
    private FakeLoadSampler _load = null!;
    private FakeMachineProbe _machine = null!;
    private ProcessTracker _tracker = null!;
    private CapturingLogger _logger = null!;

    [SetUp]
    public void SetUp()
    {
        _load = new FakeLoadSampler { Cpu = 12, Memory = 43 };
        _machine = new FakeMachineProbe { Disks = [new DiskSpace("/", 61.2)], Processes = 312 };
        _tracker = new ProcessTracker();
        _logger = new CapturingLogger();
    }

    [Test]
    public async Task Execute_NoLoadSampleYet_ReportsTheRestAndSucceeds()
    {
        _load.Sampled = false;

        var outcome = await RunAsync();

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo("healthy: cpu and memory not sampled yet, disk / 61% free, 312 processes, 0 children"));
    }

    [Test]
    public async Task Execute_EverythingBelowThresholds_SucceedsHealthyWithAllFigures()
    {
        var outcome = await RunAsync();

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo("healthy: cpu 12%, memory 43%, disk / 61% free, 312 processes, 0 children"));
        Assert.That(outcome.ExitCode, Is.Null);
    }

    [Test]
    public async Task Execute_MemoryAboveDegraded_SucceedsDegradedNamingTheBreach()
    {
        _load.Memory = 88;

        var outcome = await RunAsync();

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo("degraded: memory 88% >= 85%"));
        Assert.That(_logger.Messages, Has.Member("health: cpu 12%, memory 88%, disk / 61% free, 312 processes, 0 children"));
    }

    [Test]
    public async Task Execute_DiskNearlyFull_SucceedsDegradedNamingTheFilesystem()
    {
        _machine.Disks = [new DiskSpace("/", 61), new DiskSpace("/data", 8)];

        var outcome = await RunAsync();

        Assert.That(outcome.Message, Is.EqualTo("degraded: disk /data 8% free <= 10%"));
    }

    [Test]
    public async Task Execute_CpuAboveUnhealthy_FailsSoThatDependantsWait()
    {
        _load.Cpu = 97;
        _load.Memory = 88;

        var outcome = await RunAsync();

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Is.EqualTo("unhealthy: cpu 97% >= 95%; degraded: memory 88% >= 85%"));
    }

    [Test]
    public async Task Execute_DiskBelowUnhealthy_Fails()
    {
        _machine.Disks = [new DiskSpace("/", 3)];

        var outcome = await RunAsync();

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Is.EqualTo("unhealthy: disk / 3% free <= 5%"));
    }

    [Test]
    public async Task Execute_ThresholdsFromWith_OverrideTheDefaults()
    {
        var outcome = await RunAsync("""{ "cpuDegraded": 10, "cpuUnhealthy": 50, "diskFreeDegraded": 70, "diskFreeUnhealthy": 20 }""");

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo("degraded: cpu 12% >= 10%, disk / 61% free <= 70%"));
    }

    [Test]
    public async Task Execute_StepsRunning_CountsRhythmsChildren()
    {
        _tracker.Add(new TrackedStep("performance", "trend", 4242, 1, "1:1"));

        var outcome = await RunAsync();

        Assert.That(outcome.Message, Does.EndWith(", 312 processes, 1 children"));
    }

    [TestCase("""{ "cpuDegaded": 50 }""",
        "builtin:health: unknown option 'cpuDegaded' in \"with\". Did you mean 'cpuDegraded'? Known options: cpuDegraded, cpuUnhealthy, memoryDegraded, memoryUnhealthy, diskFreeDegraded, diskFreeUnhealthy")]
    [TestCase("""{ "memoryUnhealthy": "high" }""",
        "builtin:health: option 'memoryUnhealthy' must be a percentage from 0 to 100, found \"high\"")]
    [TestCase("""{ "cpuUnhealthy": 120 }""",
        "builtin:health: option 'cpuUnhealthy' must be a percentage from 0 to 100, found 120")]
    [TestCase("""{ "cpuDegraded": 90, "cpuUnhealthy": 80 }""",
        "builtin:health: cpuDegraded (90) must not be above cpuUnhealthy (80)")]
    [TestCase("""{ "diskFreeDegraded": 5, "diskFreeUnhealthy": 10 }""",
        "builtin:health: diskFreeDegraded (5) must not be below diskFreeUnhealthy (10)")]
    [TestCase("""[ 85 ]""", "builtin:health: \"with\" must be an object, found array")]
    public async Task Execute_BadWith_FailsNamingTheOption(string with, string message)
    {
        var outcome = await RunAsync(with);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Is.EqualTo(message));
    }

    [Test]
    [Platform(Include = "Linux")]
    public void Disks_ThisMachine_ListsRealFilesystemsOnly()
    {
        var disks = new MachineProbe().Disks();

        Assert.That(disks, Is.Not.Empty);
        Assert.That(disks.Select(d => d.MountPoint), Has.None.StartsWith("/proc").And.None.StartsWith("/sys").And.None.StartsWith("/dev").And.None.StartsWith("/run"));
        Assert.That(disks.Select(d => d.FreePercent), Has.All.InRange(0, 100));
        Assert.That(new MachineProbe().ProcessCount(), Is.GreaterThan(1));
    }

    private async Task<StepOutcome> RunAsync(string? with = null)
    {
        using var document = with is null ? null : JsonDocument.Parse(with);
        var step = new StepDefinition { Name = "system", Run = "builtin:health", With = document?.RootElement.Clone() };
        var context = StepContexts.For(step, Path.GetTempPath(), _logger);
        return await new HealthStep(_load, _tracker, _machine).ExecuteAsync(context, CancellationToken.None);
    }

    private sealed class FakeLoadSampler : ICurrentLoad
    {
        public double Cpu { get; set; }

        public double Memory { get; set; }

        public bool Sampled { get; set; } = true;

        public LoadState? Current => Sampled ? new(DateTimeOffset.UnixEpoch, Cpu, Memory, Cpu, Memory, LoadBand.Normal, 1) : null;
    }

    private sealed class FakeMachineProbe : IMachineProbe
    {
        public IReadOnlyList<DiskSpace> Disks { get; set; } = [];

        public int Processes { get; set; }

        IReadOnlyList<DiskSpace> IMachineProbe.Disks() => Disks;

        public int ProcessCount() => Processes;
    }
}
