using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Rhythm.Tests.Support;

/// <summary>Runs the real <c>rhythm</c> program (the Host build output beside the tests) as a child process.</summary>
internal sealed class RhythmProgram : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RhythmProgram(Process process)
    {
        _process = process;
    }

    public static string ProgramPath => Path.Combine(AppContext.BaseDirectory, "rhythm.dll");

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts a long-running verb such as <c>run</c>.</summary>
    public static RhythmProgram Start(string workingDirectory, params string[] args)
    {
        var process = new Process { StartInfo = StartInfo(workingDirectory, args) };
        var program = new RhythmProgram(process);
        process.OutputDataReceived += (_, e) => program.Append(e.Data);
        process.ErrorDataReceived += (_, e) => program.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return program;
    }

    /// <summary>Runs a short verb to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = new Process { StartInfo = StartInfo(workingDirectory, args) };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs a verb with <c>--json</c> and parses what it prints.</summary>
    public static async Task<JsonElement> JsonAsync(string workingDirectory, params string[] args)
    {
        var (exitCode, output, error) = await RunAsync(workingDirectory, [.. args, "--json"]);
        Assert.That(exitCode, Is.Zero, $"rhythm {string.Join(' ', args)} failed: {error}");
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    public void Kill() => _process.Kill(entireProcessTree: false);

    public void Terminate()
    {
        if (!_process.HasExited)
        {
            Posix.Signal(_process.Id, Posix.SigTerm);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var cancel = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
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

    private static ProcessStartInfo StartInfo(string workingDirectory, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ProgramPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
