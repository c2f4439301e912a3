namespace Rhythm.Steps;

/// <summary>
/// A kind of step the engine can run. Register one with
/// <see cref="RhythmServiceCollectionExtensions.AddRhythmStep{TStep}(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, Func{System.Text.Json.JsonElement?, IReadOnlyList{string}})"/>
/// under the name jobs.json uses after <c>builtin:</c>.
/// </summary>
/// <remarks>
/// The engine owns timeouts and cancellation: honour the cancellation token and return promptly when it fires.
/// Throwing is allowed; the engine records the exception's message as a failure.
/// </remarks>
public interface IRhythmStep
{
    /// <summary>Runs the step once.</summary>
    ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}
