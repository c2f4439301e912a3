using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rhythm.Adaptive;
using Rhythm.Jobs;
using Rhythm.Jobs.Builtins.Health;
using Rhythm.Jobs.Orphans;
using Rhythm.Jobs.Processes;
using Rhythm.Load;
using Rhythm.Steps;

namespace Rhythm.Tests.Jobs;

public sealed class AddRhythmJobsTests
{
    [Test]
    public void AddRhythmJobs_Resolved_ProvidesRunnerHealthLedgerAndStartupSweep()
    {
        using var provider = Services().AddRhythmJobs().BuildServiceProvider();

        Assert.That(provider.GetRequiredKeyedService<IRhythmStep>(StepKeys.Program), Is.TypeOf<ProcessStepRunner>());
        Assert.That(provider.GetRequiredKeyedService<IRhythmStep>(StepKeys.Builtin("health")), Is.TypeOf<HealthStep>());
        Assert.That(provider.GetServices<StepRegistration>().Select(r => r.Name),
            Is.EqualTo(new[] { "health", "http-probe", "trends", "cleanup", "report", "latency" }));
        Assert.That(provider.GetRequiredService<IProcessLedger>(), Is.TypeOf<InMemoryProcessLedger>());
        Assert.That(provider.GetServices<IHostedService>().Single(), Is.TypeOf<OrphanSweepService>());
    }

    [Test]
    public void AddRhythmJobs_CalledTwice_RegistersEachStepOnce()
    {
        using var provider = Services().AddRhythmJobs().AddRhythmJobs().BuildServiceProvider();

        Assert.That(provider.GetServices<StepRegistration>().Count(), Is.EqualTo(6));
        Assert.That(provider.GetKeyedServices<IRhythmStep>(StepKeys.Program).Count(), Is.EqualTo(1));
        Assert.That(provider.GetServices<IHostedService>().Count(), Is.EqualTo(1));
    }

    [Test]
    public void AddRhythmJobs_LedgerAlreadyRegistered_KeepsIt()
    {
        var ledger = new RecordingProcessLedger();
        var services = Services().AddSingleton<IProcessLedger>(ledger);

        using var provider = services.AddRhythmJobs().BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IProcessLedger>(), Is.SameAs(ledger));
    }

    [Test]
    public async Task Host_Starting_SweepsOrphansBeforeOtherServicesStart()
    {
        var ledger = new RecordingProcessLedger();
        ledger.Add(new ProcessRecord(int.MaxValue - 1, 1, "g", "gone", int.MaxValue - 2));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<ICurrentLoad>(new ZeroLoad()).AddSingleton<IProcessLedger>(ledger).AddRhythmJobs();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.That(ledger.List(), Is.Empty);
    }

    private static ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ICurrentLoad>(new ZeroLoad());
        return services;
    }

    private sealed class ZeroLoad : ICurrentLoad
    {
        public LoadState? Current => null;
    }
}
