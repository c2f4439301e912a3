namespace Rhythm.Steps;

/// <summary>What one step run produced.</summary>
/// <param name="Status">How the step ended.</param>
/// <param name="Message">One line for people: why it failed, or what it found.</param>
/// <param name="ExitCode">The process exit code, or <see langword="null"/> for a built-in step or a process that never started.</param>
/// <param name="OutputTail">The last part of the step's output (at most <see cref="StepOutcome.MaxTailLength"/> characters).</param>
public sealed record StepOutcome(StepStatus Status, string? Message = null, int? ExitCode = null, string? OutputTail = null)
{
    /// <summary>How much output history keeps per step.</summary>
    public const int MaxTailLength = 8 * 1024;

    /// <summary>A successful outcome with an optional message.</summary>
    public static StepOutcome Success(string? message = null, string? outputTail = null) => new(StepStatus.Succeeded, message, null, outputTail);

    /// <summary>A failed outcome with its reason.</summary>
    public static StepOutcome Failure(string message, string? outputTail = null) => new(StepStatus.Failed, message, null, outputTail);

    /// <summary>Whether the step succeeded.</summary>
    public bool Succeeded => Status == StepStatus.Succeeded;
}
