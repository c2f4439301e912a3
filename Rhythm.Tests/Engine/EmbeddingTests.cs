using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rhythm.Steps;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Engine;

/// <summary>Another .NET app hosts the engine with its own C# step, as README shows: Rhythm.Core alone, no Rhythm.Jobs.</summary>
[TestFixture]
internal sealed class EmbeddingTests : TempFolderFixture
{
    [Test]
    public async Task GenericHost_AddRhythmWithOwnStep_RunsTheStepOnItsRhythm()
    {
        var jobs = Folder.File("jobs.json");
        await File.WriteAllTextAsync(jobs, """
            {
              "rhythm": { "store": "app.db" },
              "groups": [ { "name": "sync", "every": "1h", "steps": [ { "name": "pull", "run": "builtin:sync-orders" } ] } ]
            }
            """);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<SyncOrders>();
        builder.Services.AddRhythm(o => o.JobsFile = jobs).AddRhythmStep<SyncOrdersStep>("sync-orders");
        using var host = builder.Build();

        await host.StartAsync();
        var sync = host.Services.GetRequiredService<SyncOrders>();
        await Eventually.Until(() => sync.Runs > 0, "the app's own step to run");
        await host.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(sync.Runs, Is.EqualTo(1));
            Assert.That(File.Exists(Folder.File("app.db")), Is.True, "the store sits beside jobs.json");
        });
    }

    [Test]
    public void GenericHost_InvalidJobsFile_StartFailsListingTheProblem()
    {
        var jobs = Folder.File("jobs.json");
        File.WriteAllText(jobs, """{ "groups": [ { "name": "sync", "every": "1h", "steps": [ { "name": "pull", "run": "builtin:nope" } ] } ] }""");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddRhythm(o => o.JobsFile = jobs).AddRhythmStep<SyncOrdersStep>("sync-orders");
        builder.Services.AddSingleton<SyncOrders>();
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<Rhythm.Model.JobsFileException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("group 'sync', step 'pull'").And.Contain("nope"));
    }

    private sealed class SyncOrders
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public void Run() => Interlocked.Increment(ref _runs);
    }

    private sealed class SyncOrdersStep(SyncOrders orders) : IRhythmStep
    {
        public ValueTask<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            orders.Run();
            return ValueTask.FromResult(StepOutcome.Success("pulled"));
        }
    }
}
