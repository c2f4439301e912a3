using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Quartz.Extensibility;

namespace Rhythm.Scheduling;

/// <summary>Creates the group job from the service container; the engine has exactly one job type.</summary>
internal sealed class GroupJobFactory(IServiceProvider services) : IJobFactory
{
    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(new JobScope(ActivatorUtilities.CreateInstance<GroupJob>(services), null));

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
