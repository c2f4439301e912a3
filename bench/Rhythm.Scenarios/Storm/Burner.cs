using System.Diagnostics;
using System.Globalization;

namespace Rhythm.Scenarios.Storm;

/// <summary>
/// The child process every storm run starts: a small Perl script that prints when it began and then burns
/// 200 ms of its own CPU time (not wall time, so a crowded machine makes it last longer, as real work does).
/// </summary>
/// <remarks>Perl starts in about a millisecond, so the start-up cost does not hide the scheduling.</remarks>
internal sealed class Burner
{
    private const string Script = """
        #!/usr/bin/env perl
        # Prints its start time, then burns the given milliseconds of its own CPU time.
        use strict;
        use warnings;
        use Time::HiRes ();
        my $start = Time::HiRes::time();
        $| = 1;
        printf "start=%.6f pid=%d\n", $start, $$;
        my $budget = ($ARGV[0] // 200) / 1000;
        my ($user, $system) = times;
        my $spin = 0;
        while (1) {
            for (1 .. 5000) { $spin++ }
            my ($u, $s) = times;
            last if ($u + $s) - ($user + $system) >= $budget;
            last if Time::HiRes::time() - $start > 60;
        }
        print "end\n";
        """;

    public Burner(string folder)
    {
        ScriptPath = Path.Combine(folder, "burn.pl");
        File.WriteAllText(ScriptPath, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(ScriptPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>The full path; it is also the marker that finds the burners among all processes.</summary>
    public string ScriptPath { get; }

    public static string Milliseconds => StormPlan.Burn.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads the child's start time from its first line, e.g. <c>start=1767600000.123456 pid=42</c>.</summary>
    public static DateTimeOffset? ParseStart(string? output)
    {
        if (output is null)
        {
            return null;
        }

        var at = output.IndexOf("start=", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var end = output.IndexOf(' ', at);
        var text = output[(at + 6)..(end < 0 ? output.Length : end)];
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : null;
    }

    /// <summary>Runs one burn as the baselines do: start it, read its start line, wait for it to exit.</summary>
    public async Task<(DateTimeOffset? ChildStart, bool Succeeded)> RunAsync()
    {
        var info = new ProcessStartInfo(ScriptPath) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Milliseconds);
        using var process = Process.Start(info)!;
        var first = await process.StandardOutput.ReadLineAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (ParseStart(first), process.ExitCode == 0);
    }
}
