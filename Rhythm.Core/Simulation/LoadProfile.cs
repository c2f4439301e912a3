using System.Globalization;

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
    /// <paramref name="zone"/>) or an ISO 8601 timestamp. A first line that is not data is taken as a header.
    /// </summary>
    public static LoadProfile FromCsv(string path, TimeZoneInfo zone)
    {
        var lines = File.ReadAllLines(path);
        var daily = new List<(TimeSpan Time, double Cpu, double Memory)>();
        var absolute = new List<(DateTimeOffset At, double Cpu, double Memory)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split(',');
            var numbers = cells.Length == 3
                && double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var cpu)
                && double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var memory)
                ? (cpu, memory)
                : ((double, double)?)null;
            if (numbers is { } values && TimeSpan.TryParseExact(cells[0].Trim(), @"hh\:mm", CultureInfo.InvariantCulture, out var time))
            {
                daily.Add((time, Clamp(values.Item1), Clamp(values.Item2)));
            }
            else if (numbers is { } v && DateTimeOffset.TryParse(cells[0].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                absolute.Add((at, Clamp(v.Item1), Clamp(v.Item2)));
            }
            else if (i > 0 || numbers is not null)
            {
                throw new FormatException($"{path}: line {i + 1}: expected 'time,cpu,memory' with time as HH:mm or an ISO timestamp and two numbers, found '{line}'");
            }
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

    private static double Clamp(double value) => Math.Clamp(value, 0, 100);

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
