using System.Diagnostics;

namespace Rhythm.Jobs.Processes;

/// <summary>
/// The fallback for systems without /proc or Job Objects (macOS, the BSDs): .NET's own tree kill, which finds
/// descendants through their parent ids, so a descendant that re-parented already is not reached, and there is no grace.
/// Also Windows' fallback when a step cannot be put in a Job Object.
/// </summary>
internal sealed class PortableProcessTree(Process root) : ProcessTree
{
    public override IReadOnlyList<int> Running() => root.HasExited ? [] : [root.Id];

    public override Task<int> StopAsync(TimeSpan grace, TimeProvider time)
    {
        try
        {
            var running = root.HasExited ? 0 : 1;
            root.Kill(entireProcessTree: true);
            return Task.FromResult(running);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already exited, or exiting.
            return Task.FromResult(0);
        }
    }

    public override async Task<IReadOnlyList<int>> WaitGoneAsync(TimeSpan limit, TimeProvider time)
    {
        using var timeout = new CancellationTokenSource(limit, time);
        try
        {
            await root.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return [];
        }
        catch (OperationCanceledException)
        {
            return [root.Id];
        }
    }
}
