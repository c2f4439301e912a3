using Rhythm.Steps;

namespace Rhythm.History;

/// <summary>The stable spelling of outcomes in the store and in <c>--json</c> output.</summary>
internal static class RunOutcomes
{
    public static string ToText(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Running => "running",
        RunOutcome.Succeeded => "succeeded",
        RunOutcome.Failed => "failed",
        RunOutcome.TimedOut => "timed-out",
        RunOutcome.Cancelled => "cancelled",
        RunOutcome.Interrupted => "interrupted",
        RunOutcome.Waiting => "waiting",
        RunOutcome.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static string ToText(StepStatus status) => status switch
    {
        StepStatus.Succeeded => "succeeded",
        StepStatus.Failed => "failed",
        StepStatus.TimedOut => "timed-out",
        StepStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static RunOutcome Parse(string text) => text switch
    {
        "running" => RunOutcome.Running,
        "succeeded" => RunOutcome.Succeeded,
        "failed" => RunOutcome.Failed,
        "timed-out" => RunOutcome.TimedOut,
        "cancelled" => RunOutcome.Cancelled,
        "interrupted" => RunOutcome.Interrupted,
        "waiting" => RunOutcome.Waiting,
        "skipped" => RunOutcome.Skipped,
        _ => throw new FormatException($"'{text}' is not a run outcome."),
    };

    public static RunOutcome FromStep(StepStatus status) => status switch
    {
        StepStatus.Succeeded => RunOutcome.Succeeded,
        StepStatus.Failed => RunOutcome.Failed,
        StepStatus.TimedOut => RunOutcome.TimedOut,
        StepStatus.Cancelled => RunOutcome.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
