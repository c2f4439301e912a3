using System.Net;
using Rhythm.Host.Cli;

namespace Rhythm.Host.Control;

/// <summary>What <c>trigger</c>, <c>pause</c> and <c>resume</c> share: find the host, send one call, print the answer.</summary>
internal static class ControlVerb
{
    /// <returns>0 when the host did it, 2 when the group is unknown, 1 for everything else (no host, no access, refused).</returns>
    public static async Task<int> SendAsync(string jobsPath, string route, TextWriter output, TextWriter error)
    {
        using var client = ControlClient.Connect(jobsPath, out var problem);
        if (client is null)
        {
            error.WriteLine($"rhythm: {problem}");
            return ExitCodes.Failed;
        }

        ControlResult result;
        try
        {
            result = await client.PostAsync(route);
        }
        catch (UnauthorizedAccessException)
        {
            error.WriteLine($"rhythm: cannot read the control token {client.Announcement.TokenFile}: only the user the host runs as may. " +
                (OperatingSystem.IsWindows()
                    ? "Run this command as that user, or from an elevated prompt (Run as administrator)."
                    : "Run this command as that user (for the service: sudo -u rhythm rhythm ...), or as root."));
            return ExitCodes.Failed;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
        {
            error.WriteLine($"rhythm: the host at {client.Announcement.Url} stopped answering: {exception.Message}");
            return ExitCodes.Failed;
        }

        if (result.Status == HttpStatusCode.OK)
        {
            output.WriteLine(result.Reply.Message);
            return ExitCodes.Ok;
        }

        error.WriteLine($"rhythm: {result.Reply.Message}");
        return result.Status == HttpStatusCode.NotFound ? ExitCodes.Invalid : ExitCodes.Failed;
    }

    public static string GroupRoute(string group, string action) => $"/groups/{Uri.EscapeDataString(group)}/{action}";
}
