using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using Rhythm.Adaptive;
using Rhythm.Control;
using Rhythm.Model;
using Rhythm.Reload;
using Rhythm.Scheduling;
using Rhythm.Steps;
using Rhythm.Store;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Reliability;

/// <summary>
/// Mutated jobs.json files written over the file of a running engine and reloaded one after the other: an invalid
/// file never changes the schedule, and a file is applied exactly when <c>rhythm validate</c> would accept it.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class HotReloadFuzzTests
{
    private const string Seed = """
        {
          "rhythm": { "maxConcurrency": 3, "cpuPressure": 90 },
          "adaptive": { "busyAboveCpu": 75, "window": "2m" },
          "groups": [
            { "name": "health", "every": "5m", "priority": "critical", "minEvery": "1m",
              "steps": [ { "name": "check", "run": "builtin:scripted", "timeout": "30s" } ] },
            { "name": "report", "cron": "0 0/15 * * * ?", "after": ["health"], "priority": "high",
              "steps": [ { "name": "build", "run": "builtin:scripted", "continueOnError": true },
                         { "name": "upload", "run": "builtin:scripted" } ] },
            { "name": "nightly", "at": "02:30", "after": ["report"], "priority": "low",
              "steps": [ { "name": "clean", "run": "builtin:scripted" } ] },
            { "name": "steady", "every": "90s", "adaptive": false, "steps": [ { "name": "tick", "run": "builtin:scripted" } ] }
          ]
        }
        """;

    private static readonly TimeSpan PerFile = TimeSpan.FromSeconds(20);
    private static readonly StepRegistration[] Builtins = [new("scripted")];

    private TempFolder _folder = null!;
    private string _path = null!;
    private EngineHarness _harness = null!;
    private JobsFileReloader _reloader = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempFolder();
        _path = _folder.File("jobs.json");
        await File.WriteAllTextAsync(_path, Seed);
        _harness = await EngineHarness.StartAsync(JobsFileReader.Read(_path, Builtins).GetFileOrThrow());
        var services = _harness.Services;
        _reloader = new JobsFileReloader(
            services.GetRequiredService<RhythmModel>(),
            _harness.Engine,
            services.GetRequiredService<AdaptiveRetimer>(),
            services.GetRequiredService<RhythmStore>(),
            services.GetRequiredService<ScheduleChanges>(),
            _harness.Time,
            NullLogger<JobsFileReloader>.Instance);
        _reloader.Start(_path);
        await _harness.SettleAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _harness.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task Reload_MutatedFiles_InvalidOnesNeverChangeTheSchedule()
    {
        var count = ReliabilityScale.Pick(200, 5_000);
        var fuzzer = new JobsFuzzer(20_260_109, [Seed]);
        var model = _harness.Services.GetRequiredService<RhythmModel>();
        int rejected = 0, applied = 0, unchanged = 0;
        var before = await ScheduleAsync();
        for (var i = 0; i < count; i++)
        {
            var fuzz = fuzzer.Next(i);
            var running = model.Current;
            await File.WriteAllBytesAsync(_path, fuzz.Bytes);
            var valid = JobsFileReader.Read(_path, Builtins).IsValid;
            ReloadOutcome outcome;
            try
            {
                outcome = await _reloader.ReloadAsync(CancellationToken.None).WaitAsync(PerFile);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"case {i} ({fuzz.Kind}, {fuzz.Bytes.Length} bytes): the reload did not finish within {PerFile.TotalSeconds} s");
                return;
            }

            await _harness.SettleAsync();
            var after = await ScheduleAsync();
            switch (outcome)
            {
                case ReloadOutcome.Rejected:
                    rejected++;
                    Assert.That(valid, Is.False, $"case {i} ({fuzz.Kind}): a file validate accepts was rejected");
                    Assert.That(model.Current, Is.SameAs(running), $"case {i} ({fuzz.Kind}): a rejected file replaced the running model");
                    Assert.That(after, Is.EqualTo(before), $"case {i} ({fuzz.Kind}): a rejected file changed the schedule");
                    break;
                case ReloadOutcome.Applied:
                    applied++;
                    Assert.That(valid, Is.True, $"case {i} ({fuzz.Kind}): a file validate rejects was applied");

                    // Back to the seed, so that every case mutates the same schedule.
                    await File.WriteAllTextAsync(_path, Seed);
                    Assert.That(await _reloader.ReloadAsync(CancellationToken.None), Is.EqualTo(ReloadOutcome.Applied), $"case {i}: restoring the seed");
                    await _harness.SettleAsync();
                    before = await ScheduleAsync();
                    break;
                default:
                    unchanged++;
                    break;
            }
        }

        ReliabilityScale.Report(string.Create(CultureInfo.InvariantCulture,
            $"bad input (hot reload): {count} mutated files reloaded into a running engine, {rejected} rejected with the schedule unchanged, {applied} valid and applied (then the original restored), {unchanged} identical to the file before; 0 schedule changes from a rejected file"));
    }

    /// <summary>Every Rhythm job and trigger with what defines it and when it fires next.</summary>
    private async Task<List<string>> ScheduleAsync()
    {
        var scheduler = _harness.Engine.Scheduler;
        var lines = new List<string>();
        foreach (var key in (await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(RhythmKeys.QuartzGroup))).OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            var trigger = await scheduler.GetTrigger(key);
            var job = await scheduler.GetJobDetail(trigger!.JobKey);
            trigger.JobDataMap.TryGetString(RhythmKeys.ScheduleKey, out var schedule);
            job!.JobDataMap.TryGetString(RhythmKeys.DefinitionKey, out var definition);
            var state = await scheduler.GetTriggerState(key);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key.Name} next {trigger.NextFireTimeUtc:O} schedule {schedule} definition {definition} state {state}"));
        }

        return lines;
    }
}
