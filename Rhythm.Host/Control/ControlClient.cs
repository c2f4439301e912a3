using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Rhythm.Host.Cli;
using Rhythm.Status;

namespace Rhythm.Host.Control;

/// <summary>What a control call came back with.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Reply">The parsed body; a body that is not a reply becomes one that says so.</param>
internal sealed record ControlResult(HttpStatusCode Status, ControlReply Reply);

/// <summary>
/// Finds the host running a jobs.json through its announcement and talks to its control endpoint, as the CLI verbs
/// and <c>rhythm status</c> do.
/// </summary>
internal sealed class ControlClient : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;

    private ControlClient(ControlAnnouncement announcement, HttpClient http, RhythmStatus status)
    {
        Announcement = announcement;
        _http = http;
        Status = status;
    }

    public ControlAnnouncement Announcement { get; }

    /// <summary>The status the host answered with when it was found.</summary>
    public RhythmStatus Status { get; }

    /// <summary>The line the CLI prints when no host runs <paramref name="jobsPath"/>.</summary>
    public static string NoHost(string jobsPath, string? why = null)
        => $"no running host for {jobsPath}: start it with 'rhythm run'{(why is null ? string.Empty : $" ({why})")}";

    /// <summary>
    /// Connects to the host that runs <paramref name="jobsPath"/>, or says why there is none. The host must answer
    /// <c>/status</c> for that very file before any token is sent, so a port the OS has since given to another
    /// program never sees it.
    /// </summary>
    public static ControlClient? Connect(string jobsPath, out string problem)
    {
        if (Announced(jobsPath, out problem) is not { } announcement)
        {
            return null;
        }

        var announcementPath = ControlFiles.AnnouncementPath(jobsPath);
        var http = new HttpClient { BaseAddress = new Uri(announcement.Url), Timeout = Limit };
        try
        {
            using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, "/status"));
            using var reader = new StreamReader(response.Content.ReadAsStream());
            var status = response.IsSuccessStatusCode ? JsonSerializer.Deserialize<RhythmStatus>(reader.ReadToEnd(), JsonOutput.Options) : null;
            if (status is null || !SamePath(status.JobsFile, jobsPath))
            {
                http.Dispose();
                problem = NoHost(jobsPath, $"the endpoint in {announcementPath} does not answer for this file");
                return null;
            }

            problem = string.Empty;
            return new ControlClient(announcement, http, status);
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or JsonException or TaskCanceledException or IOException)
        {
            http.Dispose();
            problem = NoHost(jobsPath, $"{announcement.Url} does not answer: {exception.Message}");
            return null;
        }
    }

    /// <summary>
    /// The announcement of the live host that runs <paramref name="jobsPath"/>, without calling it; or
    /// <see langword="null"/> and why there is none.
    /// </summary>
    public static ControlAnnouncement? Announced(string jobsPath, out string problem)
    {
        var announcementPath = ControlFiles.AnnouncementPath(jobsPath);
        if (!File.Exists(announcementPath))
        {
            problem = NoHost(jobsPath);
            return null;
        }

        if (ControlFiles.ReadAnnouncement(announcementPath) is not { } announcement)
        {
            problem = NoHost(jobsPath, $"{announcementPath} cannot be read");
            return null;
        }

        if (!IsAlive(announcement.Pid))
        {
            problem = NoHost(jobsPath, $"the host that wrote {announcementPath}, pid {announcement.Pid}, is gone");
            return null;
        }

        problem = string.Empty;
        return announcement;
    }

    /// <summary>Sends a mutating call with the token from the host's token file.</summary>
    /// <exception cref="UnauthorizedAccessException">The token file is readable only by the host's user, and this is another.</exception>
    public async Task<ControlResult> PostAsync(string route)
    {
        var token = (await File.ReadAllTextAsync(Announcement.TokenFile)).Trim();
        using var request = new HttpRequestMessage(HttpMethod.Post, route);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        ControlReply? reply = null;
        try
        {
            reply = JsonSerializer.Deserialize<ControlReply>(body, JsonOutput.Options);
        }
        catch (JsonException)
        {
        }

        return new ControlResult(response.StatusCode, reply ?? ControlReply.Error($"the host answered {(int)response.StatusCode} {response.ReasonPhrase}"));
    }

    public void Dispose() => _http.Dispose();

    private static bool SamePath(string a, string b)
        => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Another user's process: it exists, which is all this asks.
            return true;
        }
    }
}
