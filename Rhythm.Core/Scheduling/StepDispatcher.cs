using Microsoft.Extensions.DependencyInjection;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Scheduling;

/// <summary>Finds the implementation for a step and runs it, turning every way it can go wrong into an outcome.</summary>
internal sealed class StepDispatcher(IServiceProvider services, IEnumerable<StepRegistration> registrations, TimeProvider time)
{
    private readonly string _known = string.Join(", ", registrations.Select(r => r.Name).Order(StringComparer.Ordinal));

    public async ValueTask<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var step = context.Step;
        var key = step.IsBuiltin ? step.Run : StepKeys.Program;
        var implementation = services.GetKeyedService<IRhythmStep>(key);
        if (implementation is null)
        {
            return StepOutcome.Failure(step.IsBuiltin
                ? $"no built-in step '{step.BuiltinName}' is registered (known: {(_known.Length == 0 ? "none" : _known)})"
                : "no runner for program steps is registered; the host must call AddRhythmJobs()");
        }

        // Program steps own their timeout: the process runner escalates from a polite stop to a kill and
        // reports it. Built-in steps are in-process, so the engine cancels them when their time is up.
        using var timeout = !step.IsBuiltin || step.Timeout is null
            ? null
            : new CancellationTokenSource(step.Timeout.Value, time);
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var outcome = await implementation.ExecuteAsync(context, linked?.Token ?? cancellationToken);
            return timeout is { IsCancellationRequested: true } && outcome.Status == StepStatus.Cancelled
                ? outcome with { Status = StepStatus.TimedOut, Message = $"timed out after {Durations.Format(step.Timeout!.Value)}" }
                : outcome;
        }
        catch (OperationCanceledException) when (timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            return new StepOutcome(StepStatus.TimedOut, $"timed out after {Durations.Format(step.Timeout!.Value)}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new StepOutcome(StepStatus.Cancelled, "cancelled: the host is stopping");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return StepOutcome.Failure($"{exception.GetType().Name}: {exception.Message}");
        }
    }
}
