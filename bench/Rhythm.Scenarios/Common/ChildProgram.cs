using System.Diagnostics;

namespace Rhythm.Scenarios.Common;

/// <summary>A .NET program run as a child (the real <c>rhythm</c> host, or a baseline), with its output timed line by line.</summary>
internal sealed class ChildProgram : IDisposable
{
    private readonly Process _process;
    private readonly List<(DateTimeOffset At, string Line)> _lines = [];
    private readonly Lock _gate = new();

    private ChildProgram(Process process, DateTimeOffset startedAt)
    {
        _process = process;
        StartedAt = startedAt;
    }

    public DateTimeOffset StartedAt { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines.Select(l => l.Line));
            }
        }
    }

    /// <summary>Starts <c>dotnet DLL ARGS</c> in <paramref name="workingDirectory"/>.</summary>
    public static ChildProgram Start(string dll, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = info };
        var startedAt = DateTimeOffset.UtcNow;
        process.Start();
        var child = new ChildProgram(process, startedAt);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>When the first line containing <paramref name="text"/> appeared; throws after <paramref name="limit"/>.</summary>
    public async Task<DateTimeOffset> WaitForLineAsync(string text, TimeSpan limit)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            lock (_gate)
            {
                foreach (var (at, line) in _lines)
                {
                    if (line.Contains(text, StringComparison.Ordinal))
                    {
                        return at;
                    }
                }
            }

            if (_process.HasExited || DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' did not appear in the output of pid {_process.Id} (exited: {_process.HasExited}):\n{Output}");
            }

            await Task.Delay(5);
        }
    }

    public void Terminate() => Native.Signal(_process.Id, Native.SigTerm);

    public void KillHard() => Native.Signal(_process.Id, Native.SigKill);

    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add((DateTimeOffset.UtcNow, line));
        }
    }
}
