using System.Collections.Concurrent;
using Quartz;
using Quartz.Extensibility;
using Rhythm.Steps;

namespace Rhythm.Scenarios.Overhead;

/// <summary>
/// Counts finished runs (after everything Quartz and Rhythm do around a job, as a job listener sees it) and keeps
/// the start delay of each run as the job or step saw it.
/// </summary>
internal sealed class RunCounter : IJobListener
{
    private readonly ConcurrentQueue<(DateTimeOffset Scheduled, double DelayMs)> _delays = new();
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _finished;
    private int _target = int.MaxValue;

    public string Name => "bench-run-counter";

    public int Finished => Volatile.Read(ref _finished);

    public int StartedCount => _delays.Count;

    /// <summary>Completes once <paramref name="target"/> more runs have finished.</summary>
    public Task Expect(int target)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _finished, 0);
        Volatile.Write(ref _target, target);
        return _done.Task;
    }

    public void Started(DateTimeOffset scheduled, DateTimeOffset now) => _delays.Enqueue((scheduled, (now - scheduled).TotalMilliseconds));

    public List<double> DelaysScheduledAfter(DateTimeOffset from) => _delays.Where(d => d.Scheduled >= from).Select(d => d.DelayMs).ToList();

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _finished) == Volatile.Read(ref _target))
        {
            _done.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask JobProgressChanged(IJobExecutionContext context, FireInstanceProgress progress, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}

/// <summary>The no-op work, as a plain Quartz job: note the start delay, do nothing.</summary>
[DisallowConcurrentExecution]
internal sealed class NoopJob(RunCounter counter) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        counter.Started(context.ScheduledFireTimeUtc ?? DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The same no-op work as a Rhythm built-in step (<c>builtin:noop</c>).</summary>
internal sealed class NoopStep(RunCounter counter) : IRhythmStep
{
    public ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        counter.Started(context.ScheduledAt, DateTimeOffset.UtcNow);
        return ValueTask.FromResult(StepOutcome.Success());
    }
}
