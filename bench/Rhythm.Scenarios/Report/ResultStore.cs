using System.Text.Json;
using Rhythm.Scenarios.Common;

namespace Rhythm.Scenarios.Report;

/// <summary>Each scenario writes its result to bench/results/NAME.json; the table is composed from those files.</summary>
internal static class ResultStore
{
    /// <summary>The order rows appear in the table.</summary>
    public static readonly string[] Order = ["storm", "overhead", "footprint", "simulation", "micro"];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string PathOf(string name, string? folder = null) => Path.Combine(folder ?? Paths.ResultsDirectory, name + ".json");

    public static void Save(ScenarioResult result, string? folder = null)
    {
        var path = PathOf(result.Name, folder);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(result, Json) + "\n");
    }

    public static List<ScenarioResult> LoadAll(string? folder = null)
    {
        var results = new List<ScenarioResult>();
        foreach (var name in Order)
        {
            var path = PathOf(name, folder);
            if (File.Exists(path))
            {
                results.Add(JsonSerializer.Deserialize<ScenarioResult>(File.ReadAllText(path), Json)!);
            }
        }

        return results;
    }
}
