using Microsoft.Extensions.Logging;
using Rhythm.Model;

namespace Rhythm.Steps;

/// <summary>Everything a step implementation is given for one run.</summary>
public sealed class StepContext
{
    /// <summary>Creates a context; the engine does this for every step it runs.</summary>
    public StepContext(GroupDefinition group, StepDefinition step, JobsFile file, long runId, DateTimeOffset scheduledAt, ILogger logger, bool dryRun)
    {
        Group = group;
        Step = step;
        File = file;
        RunId = runId;
        ScheduledAt = scheduledAt;
        Logger = logger;
        DryRun = dryRun;
    }

    /// <summary>The group the step belongs to.</summary>
    public GroupDefinition Group { get; }

    /// <summary>The step as written in jobs.json.</summary>
    public StepDefinition Step { get; }

    /// <summary>The jobs.json the step was read from (for resolving relative paths and reading settings).</summary>
    public JobsFile File { get; }

    /// <summary>The history id of the group run this step belongs to.</summary>
    public long RunId { get; }

    /// <summary>When the group was due.</summary>
    public DateTimeOffset ScheduledAt { get; }

    /// <summary>The log for this step; lines carry the group and step name.</summary>
    public ILogger Logger { get; }

    /// <summary>When true the step must not do its work, only say what it would do.</summary>
    public bool DryRun { get; }

    /// <summary>The working directory: <see cref="StepDefinition.Cwd"/> resolved against the jobs.json folder.</summary>
    public string WorkingDirectory => Step.WorkingDirectory(File.BaseDirectory);
}
