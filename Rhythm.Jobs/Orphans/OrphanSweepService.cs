using Microsoft.Extensions.Hosting;

namespace Rhythm.Jobs.Orphans;

/// <summary>Runs the orphan sweep while the host is starting, before any hosted service (the scheduler included) starts.</summary>
internal sealed class OrphanSweepService(OrphanSweeper sweeper) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken) =>
        await sweeper.SweepAsync(OrphanSweeper.DefaultGrace).WaitAsync(cancellationToken).ConfigureAwait(false);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
