using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Rhythm.Jobs.Builtins.Cleanup;
using Rhythm.Jobs.Builtins.Health;
using Rhythm.Jobs.Builtins.HttpProbe;
using Rhythm.Jobs.Builtins.Latency;
using Rhythm.Jobs.Builtins.Report;
using Rhythm.Jobs.Builtins.Trends;
using Rhythm.Jobs.Orphans;
using Rhythm.Jobs.Processes;
using Rhythm.Steps;

namespace Rhythm.Jobs;

/// <summary>Registers Rhythm's step kinds in a service container.</summary>
public static class RhythmJobsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the runner for program and script steps, the built-in steps (<c>builtin:health</c>,
    /// <c>http-probe</c>, <c>trends</c>, <c>cleanup</c>, <c>report</c> and <c>latency</c>), and the start-up sweep
    /// that stops processes a previous run of the host left behind.
    /// </summary>
    /// <param name="services">The service container.</param>
    /// <returns>The same container, for chaining.</returns>
    /// <remarks>
    /// <para>
    /// The <c>trends</c>, <c>cleanup</c>, <c>report</c> and <c>latency</c> steps read and prune the
    /// <see cref="History.IRhythmHistory"/> that <c>AddRhythm</c> registers.
    /// </para>
    /// <para>
    /// The runner owns each step's whole process tree: when the step ends, times out or is cancelled, everything it
    /// started is stopped (SIGTERM, then SIGKILL after <see cref="Model.RhythmSettings.GracePeriod"/>; on Windows
    /// Ctrl+C, then the step's Job Object is terminated, provided the program calls
    /// <see cref="StepInterruptHelper.TryRun"/> first in its <c>Main</c>, else the job is terminated at once). On Linux the host becomes a child subreaper the first time it runs a step,
    /// so that a daemon a step double-forks re-parents to the host and is found and reaped at the end of the step.
    /// </para>
    /// <para>
    /// An app that embeds Rhythm and starts processes of its own should know what that means for them: their
    /// orphans re-parent to the app too, and Rhythm reaps only the ones it can trace to a step, so the app must reap
    /// (or not orphan) its own; and a process of the app's own that leaves the app's session (through setsid) and is
    /// orphaned to the app while no other step is running counts as a step's orphan and is stopped with that step.
    /// </para>
    /// <para>
    /// Every started process is written to the registered <see cref="IProcessLedger"/>; without one an in-memory
    /// ledger is used, which cannot help after a crash. The orphan sweep runs as an
    /// <see cref="IHostedLifecycleService"/> while the host is starting, before any hosted service starts. The
    /// <c>builtin:health</c> step needs an <see cref="Adaptive.ICurrentLoad"/>, which <c>AddRhythm</c> registers.
    /// </para>
    /// </remarks>
    public static IServiceCollection AddRhythmJobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // The step registrations are lists, not singletons: a second call would register everything twice.
        if (services.Any(d => d.ServiceType == typeof(ProcessTracker)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProcessLedger, InMemoryProcessLedger>();
        services.TryAddSingleton<ProcessTracker>();
        services.TryAddSingleton<IMachineProbe, MachineProbe>();
        services.TryAddSingleton<OrphanSweeper>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OrphanSweepService>());

        services.AddRhythmProgramRunner<ProcessStepRunner>();
        services.AddRhythmStep<HealthStep>("health", with => HealthThresholds.TryParse(with, out _, out var problems) ? [] : problems);
        services.AddRhythmStep<HttpProbeStep>("http-probe", with => HttpProbeOptions.TryParse(with, out _, out var problems) ? [] : problems);
        services.AddRhythmStep<TrendsStep>("trends", with => TrendsOptions.TryParse(with, out _, out var problems) ? [] : problems);
        services.AddRhythmStep<CleanupStep>("cleanup", with => CleanupOptions.TryParse(with, out _, out var problems) ? [] : problems);
        services.AddRhythmStep<ReportStep>("report", with => ReportOptions.TryParse(with, out _, out var problems) ? [] : problems);
        services.AddRhythmStep<LatencyStep>("latency", with => LatencyOptions.TryParse(with, out _, out var problems) ? [] : problems);
        return services;
    }
}
