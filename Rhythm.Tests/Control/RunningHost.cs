using System.Net.Http.Headers;
using System.Text.Json;
using Rhythm.History;
using Rhythm.Host.Control;
using Rhythm.Model;
using Rhythm.Status;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Control;

/// <summary>
/// The real <c>rhythm run</c> in a temp folder, ready once it has announced its control endpoint; plus the CLI verbs
/// and the raw endpoint, as an operator or a script would use them.
/// </summary>
internal sealed class RunningHost : IDisposable
{
    public static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;

    private RunningHost(TempFolder folder, RhythmProgram program, ControlAnnouncement announcement)
    {
        Folder = folder;
        Program = program;
        Announcement = announcement;
        _http = new HttpClient { BaseAddress = new Uri(announcement.Url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public TempFolder Folder { get; }

    public RhythmProgram Program { get; }

    public ControlAnnouncement Announcement { get; }

    public string Token => File.ReadAllText(Announcement.TokenFile).Trim();

    public static string JobsPath(TempFolder folder) => folder.File("jobs.json");

    public static async Task<RunningHost> StartAsync(TempFolder folder)
    {
        var program = RhythmProgram.Start(folder.Path, "run", "--jobs", "jobs.json");
        var announcementPath = ControlFiles.AnnouncementPath(JobsPath(folder));
        try
        {
            var announcement = await Eventually.WaitFor(
                () => program.HasExited ? throw new AssertionException($"the host exited early:\n{program.Output}")
                    : ControlFiles.ReadAnnouncement(announcementPath) is { } a && a.Pid == program.ProcessId ? a : null,
                "the host to announce its control endpoint", StartLimit);
            return new RunningHost(folder, program, announcement);
        }
        catch
        {
            program.Dispose();
            throw;
        }
    }

    /// <summary>Runs a CLI verb against this host's jobs.json.</summary>
    public Task<(int ExitCode, string Output, string Error)> CliAsync(params string[] args)
        => RhythmProgram.RunAsync(Folder.Path, [.. args, "--jobs", "jobs.json"]);

    /// <summary><c>rhythm status --json</c>, as a script would read it.</summary>
    public Task<JsonElement> StatusAsync() => RhythmProgram.JsonAsync(Folder.Path, "status", "--jobs", "jobs.json");

    public async Task<string?> StateOfAsync(string group)
        => (await StatusAsync()).GetProperty("groups").EnumerateArray()
            .FirstOrDefault(g => g.GetProperty("name").GetString() == group) is { ValueKind: JsonValueKind.Object } found
            ? found.GetProperty("state").GetString()
            : null;

    /// <summary>A raw call to the endpoint; <paramref name="token"/> null sends no Authorization header.</summary>
    public async Task<(int Status, string Body)> PostAsync(string route, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A GET; <paramref name="hostHeader"/> replaces the Host header, as a DNS-rebinding page would.</summary>
    public async Task<(int Status, string Body)> GetAsync(string route, string? hostHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        if (hostHeader is not null)
        {
            request.Headers.Host = hostHeader;
        }

        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>SIGTERM, as systemd stops a service; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        Program.Terminate();
        return await Program.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    public void Dispose()
    {
        _http.Dispose();
        Program.Dispose();
    }
}

/// <summary>Reads run history straight from the store, which works even while jobs.json on disk is broken or gone.</summary>
internal sealed class StoreRuns(JobsFile file)
{
    public static StoreRuns For(string jobsPath) => new(JobsFileReader.Read(jobsPath).GetFileOrThrow());

    public IReadOnlyList<RunRecord> Of(string group) => StatusReader.History(file, group, 10_000);

    /// <summary>Runs of <paramref name="group"/> (not waits or skips) that started after <paramref name="after"/>.</summary>
    public int StartedAfter(string group, DateTimeOffset after)
        => Of(group).Count(r => r.StartedAt > after && r.Outcome is not (RunOutcome.Waiting or RunOutcome.Skipped));

    public int Succeeded(string group) => Of(group).Count(r => r.Outcome == RunOutcome.Succeeded);
}
