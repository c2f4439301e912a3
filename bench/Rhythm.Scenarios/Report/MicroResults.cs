using System.Globalization;
using System.Text.Json;
using Rhythm.Scenarios.Common;

namespace Rhythm.Scenarios.Report;

/// <summary>Turns BenchmarkDotNet's JSON reports (from bench/Rhythm.Bench) into rows of the one table.</summary>
internal static class MicroResults
{
    private static readonly Dictionary<string, (string Measure, string Target, double? LimitNs)> Known = new(StringComparer.Ordinal)
    {
        ["LinuxSample"] = ("one load sample (/proc/stat + /proc/meminfo)", "well under 1 ms, ~0 B", 100_000),
        ["WindowAddAndClassify"] = ("smoothing + band classification, per sample", string.Empty, null),
        ["GateAllMet"] = ("dependency gate check, 3 dependencies met", string.Empty, null),
        ["GateOneMissing"] = ("dependency gate check, 1 missing (builds the wait reason)", string.Empty, null),
        ["PressureSkipReason"] = ("pressure check, per fire", string.Empty, null),
    };

    public static ScenarioResult Read(string folder, bool quick)
    {
        var result = new ScenarioResult { Name = "micro", RanAt = DateTimeOffset.UtcNow, Quick = quick, Machine = Machine.Describe() };
        foreach (var file in Directory.EnumerateFiles(folder, "*-report-full-compressed.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var benchmark in document.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                var method = benchmark.GetProperty("Method").GetString()!;
                var mean = benchmark.GetProperty("Statistics").GetProperty("Mean").GetDouble();
                var bytes = benchmark.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
                    ? memory.GetProperty("BytesAllocatedPerOperation").GetInt64()
                    : -1;
                var (measure, target, limit) = Known.TryGetValue(method, out var known) ? known : (method, string.Empty, null);
                var met = limit is { } ns ? ResultRow.Verdict(mean < ns && bytes is >= 0 and <= 64) : string.Empty;
                result.Rows.Add(new ResultRow("Micro", measure, "-", $"{Time(mean)}, {(bytes < 0 ? "?" : bytes.ToString(CultureInfo.InvariantCulture))} B", target, met));
            }
        }

        result.Conditions.Add($"BenchmarkDotNet ({(quick ? "short job" : "default job")}), bench/Rhythm.Bench; mean time and bytes allocated per operation.");
        return result;
    }

    private static string Time(double nanoseconds) => nanoseconds >= 1_000_000
        ? Stats.Invariant($"{nanoseconds / 1_000_000:0.00} ms")
        : nanoseconds >= 1_000 ? Stats.Invariant($"{nanoseconds / 1_000:0.00} µs") : Stats.Invariant($"{nanoseconds:0} ns");
}
