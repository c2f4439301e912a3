namespace Rhythm.Control;

/// <summary>The one lock every change to the running schedule takes: operator calls and hot reload.</summary>
/// <remarks>
/// The reconciler reads a trigger's paused state and re-pauses the trigger it rebuilds; a pause or resume landing
/// between those two calls would be lost, so the two never run at the same time.
/// </remarks>
internal sealed class ScheduleChanges : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<Task<T>> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await change();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
