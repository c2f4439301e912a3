using System.Globalization;
using Rhythm.Model;

namespace Rhythm.Simulation;

/// <summary>The load a simulation plays against: CPU % and memory % as a function of time.</summary>
public sealed class LoadProfile
{
    private readonly Func<DateTimeOffset, (double Cpu, double Memory)> _at;

    private LoadProfile(string name, Func<DateTimeOffset, (double Cpu, double Memory)> at)
    {
        Name = name;
        _at = at;
    }

    /// <summary>What the profile is called in output: a built-in name, a file, or "flat".</summary>
    public string Name { get; }

    /// <summary>The names <see cref="Named"/> accepts.</summary>
    public static IReadOnlyList<string> BuiltinNames { get; } = ["idle", "busy", "workday"];

    /// <summary>The same load all the time.</summary>
    public static LoadProfile Flat(double cpu, double memory, string name = "flat") => new(name, _ => (cpu, memory));

    /// <summary>
    /// A built-in profile: <c>idle</c> (CPU 10 %), <c>busy</c> (CPU 85 %), or <c>workday</c> (busy 09:00-18:00
    /// local time with a ramp either side, idle at night).
    /// </summary>
    public static LoadProfile Named(string name, TimeZoneInfo zone) => name switch
    {
        "idle" => Flat(10, 35, name),
        "busy" => Flat(85, 55, name),
        "workday" => new LoadProfile(name, at => Workday(TimeZoneInfo.ConvertTime(at, zone).TimeOfDay)),
        _ => throw new ArgumentException($"'{name}' is not a load profile: use {string.Join(", ", BuiltinNames)} or a CSV file of time,cpu,memory.", nameof(name)),
    };

    /// <summary>A series of (time, cpu, memory) points, held step-wise: each value lasts until the next point.</summary>
    public static LoadProfile FromPoints(string name, IReadOnlyList<(DateTimeOffset At, double Cpu, double Memory)> points)
    {
        if (points.Count == 0)
        {
            throw new ArgumentException("a load profile needs at least one point", nameof(points));
        }

        var sorted = points.OrderBy(p => p.At).ToArray();
        var times = sorted.Select(p => p.At).ToArray();
        return new LoadProfile(name, at =>
        {
            var index = Array.BinarySearch(times, at);
            index = index >= 0 ? index : Math.Max(0, ~index - 1);
            return (sorted[index].Cpu, sorted[index].Memory);
        });
    }

    /// <summary>
    /// Reads a CSV of <c>time,cpu,memory</c>. A time is either a time of day (<c>HH:mm</c>, repeating every day in
    /// <paramref name="zone"/>) or an ISO 8601 timestamp; cpu and memory are percentages from 0 to 100. A first line
    /// whose cpu or memory is not a number is taken as a header.
    /// </summary>
    /// <exception cref="FormatException">
    /// The file holds no usable data; the message names the file and, for each wrong row (up to 20), its line, the
    /// field that is wrong and why.
    /// </exception>
    public static LoadProfile FromCsv(string path, TimeZoneInfo zone)
    {
        var lines = File.ReadAllLines(path);
        var daily = new List<(TimeSpan Time, double Cpu, double Memory)>();
        var absolute = new List<(DateTimeOffset At, double Cpu, double Memory)>();
        var problems = new List<string>();
        var first = true;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var isFirst = first;
            first = false;
            var where = string.Create(CultureInfo.InvariantCulture, $"{path}: line {i + 1}");
            var cells = line.Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length != 3)
            {
                if (!isFirst)
                {
                    problems.Add($"{where}: expected 3 fields, time,cpu,memory, found {cells.Length}: '{Cut(line)}'");
                }

                continue;
            }

            var cpu = Percent(cells[1]);
            var memory = Percent(cells[2]);
            if (isFirst && (cpu is null || memory is null))
            {
                // A header ("time,cpu,memory") names the columns instead of holding numbers.
                continue;
            }

            var rowProblems = new List<string>();
            TimeSpan? time = TimeSpan.TryParseExact(cells[0], @"hh\:mm", CultureInfo.InvariantCulture, out var ofDay) ? ofDay : null;
            DateTimeOffset? at = time is null && DateTimeOffset.TryParse(cells[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stamp) ? stamp : null;
            if (time is null && at is null)
            {
                rowProblems.Add($"time '{Cut(cells[0])}' is neither a time of day (HH:mm, such as 09:30) nor an ISO 8601 timestamp (such as 2026-01-05T09:30:00Z)");
            }

            CheckPercent("cpu", cells[1], cpu, rowProblems);
            CheckPercent("memory", cells[2], memory, rowProblems);
            if (rowProblems.Count > 0)
            {
                problems.Add($"{where}: {string.Join("; ", rowProblems)}");
            }
            else if (time is { } t)
            {
                daily.Add((t, cpu!.Value, memory!.Value));
            }
            else
            {
                absolute.Add((at!.Value, cpu!.Value, memory!.Value));
            }
        }

        if (problems.Count > 0)
        {
            const int Shown = 20;
            var more = problems.Count > Shown ? $"\n... and {problems.Count - Shown} more wrong lines" : string.Empty;
            throw new FormatException(string.Join("\n", problems.Take(Shown)) + more);
        }

        if (daily.Count > 0 && absolute.Count > 0)
        {
            throw new FormatException($"{path}: mixes times of day and timestamps; use one or the other");
        }

        if (daily.Count == 0 && absolute.Count == 0)
        {
            throw new FormatException($"{path}: no data lines (expected 'time,cpu,memory')");
        }

        var name = Path.GetFileName(path);
        if (absolute.Count > 0)
        {
            return FromPoints(name, absolute);
        }

        var sorted = daily.OrderBy(p => p.Time).ToArray();
        return new LoadProfile(name, at =>
        {
            var time = TimeZoneInfo.ConvertTime(at, zone).TimeOfDay;
            var current = sorted[^1];
            foreach (var point in sorted)
            {
                if (point.Time <= time)
                {
                    current = point;
                }
            }

            return (current.Cpu, current.Memory);
        });
    }

    internal (double Cpu, double Memory) At(DateTimeOffset at) => _at(at);

    private static double? Percent(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static void CheckPercent(string column, string cell, double? value, List<string> problems)
    {
        if (value is null)
        {
            problems.Add($"{column} '{Cut(cell)}' is not a number; write a percentage from 0 to 100, such as 45");
        }
        else if (!(value >= 0 && value <= 100))
        {
            // Clamping would simulate a load other than the one written, and the run would look plausible.
            problems.Add($"{column} {Cut(cell)} is outside 0 to 100; write a percentage from 0 to 100");
        }
    }

    // A CSV from elsewhere can hold anything; what is echoed back is made printable and kept short.
    private static string Cut(string text) => MessageText.Printable(text, 40);

    private static (double, double) Workday(TimeSpan time)
    {
        var hour = time.TotalHours;
        return hour switch
        {
            < 7 => (12, 35),
            < 9 => (12 + ((hour - 7) / 2 * 68), 35 + ((hour - 7) / 2 * 20)),
            < 18 => (80, 55),
            < 20 => (80 - ((hour - 18) / 2 * 68), 55 - ((hour - 18) / 2 * 20)),
            _ => (12, 35),
        };
    }
}
