using System.Runtime.Versioning;
using System.Text.Json;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Reliability;

/// <summary>Starting the real host for the reliability tests and waiting until it has scheduled everything.</summary>
[SupportedOSPlatform("linux")]
internal static class HostRuns
{
    public static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    public static RhythmProgram Start(string folder) => RhythmProgram.Start(folder, "run", "--jobs", "jobs.json");

    /// <summary>Waits for the engine's "Rhythm started" line: the orphan sweep, the reconcile and the start are done.</summary>
    public static Task WaitStartedAsync(RhythmProgram host) => Eventually.Until(
        () => host.Output.Contains("Rhythm started", StringComparison.Ordinal) || host.HasExited,
        "the host to start", StartLimit).ContinueWith(
            t =>
            {
                t.GetAwaiter().GetResult();
                if (host.HasExited)
                {
                    Assert.Fail($"the host exited during start-up with code {host.ExitCode}:\n{host.Output}");
                }
            },
            TaskScheduler.Default);

    /// <summary><c>rhythm status --json</c>, from the real program, as a script would read it.</summary>
    public static async Task<List<JsonElement>> StatusGroupsAsync(string folder)
    {
        var status = await RhythmProgram.JsonAsync(folder, "status", "--jobs", "jobs.json");
        return status.GetProperty("groups").EnumerateArray().ToList();
    }

    /// <summary>Stops the host with SIGTERM and asserts that it exits cleanly.</summary>
    public static async Task StopAsync(RhythmProgram host)
    {
        host.Terminate();
        var code = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.That(code, Is.Zero, () => "the host did not stop cleanly:\n" + Tail(host.Output));
    }

    public static string Tail(string output, int lines = 40)
        => string.Join('\n', output.Split('\n').TakeLast(lines));
}
