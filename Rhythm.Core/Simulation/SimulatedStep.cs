using Rhythm.Steps;

namespace Rhythm.Simulation;

/// <summary>Stands in for every kind of step: succeeds at once and starts nothing.</summary>
internal sealed class SimulatedStep : IRhythmStep
{
    public ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        => ValueTask.FromResult(StepOutcome.Success("simulated: " + context.Step.Run));
}
