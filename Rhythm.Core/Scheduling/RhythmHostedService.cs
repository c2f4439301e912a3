using Microsoft.Extensions.Hosting;

namespace Rhythm.Scheduling;

/// <summary>Starts and stops the engine with the generic host.</summary>
internal sealed class RhythmHostedService(RhythmEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => engine.StopAsync(cancellationToken);
}
