using Microsoft.Extensions.Logging;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Tests.Jobs;

/// <summary>Builds the context the engine would hand a step, for a jobs.json in <c>baseDirectory</c>.</summary>
internal static class StepContexts
{
    public const string Group = "maintenance";

    public static string FixturesDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Jobs", "Fixtures");

    public static StepContext For(StepDefinition step, string baseDirectory, ILogger logger, TimeSpan? grace = null, bool dryRun = false)
    {
        var group = new GroupDefinition { Name = Group, Schedule = new EverySchedule(TimeSpan.FromMinutes(10)), Steps = [step] };
        var file = new JobsFile
        {
            SourcePath = Path.Combine(baseDirectory, "jobs.json"),
            Groups = [group],
            Rhythm = new RhythmSettings { GracePeriod = grace ?? TimeSpan.FromSeconds(2) },
        };
        return new StepContext(group, step, file, runId: 1, DateTimeOffset.UnixEpoch, logger, dryRun);
    }
}
