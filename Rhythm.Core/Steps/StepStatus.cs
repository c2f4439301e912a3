namespace Rhythm.Steps;

/// <summary>How a step ended.</summary>
public enum StepStatus
{
    /// <summary>The step did its work.</summary>
    Succeeded,

    /// <summary>The step ran and reported failure (a non-success exit code, an unhealthy check, an exception).</summary>
    Failed,

    /// <summary>The step outlived its timeout and its process tree was stopped.</summary>
    TimedOut,

    /// <summary>The step was stopped because the host is shutting down or the run was cancelled.</summary>
    Cancelled,
}
