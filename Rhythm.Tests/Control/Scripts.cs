using Rhythm.Tests.Support;

namespace Rhythm.Tests.Control;

/// <summary>The small shell scripts the real-process tests schedule.</summary>
internal static class Scripts
{
    /// <summary><c>scripts/tick.sh NAME</c> appends a line to ticks.txt; <c>scripts/fail.sh</c> exits 1.</summary>
    public static void Write(TempFolder folder)
    {
        Directory.CreateDirectory(folder.File("scripts"));
        File.WriteAllText(folder.File("scripts/tick.sh"), "#!/bin/sh\necho \"$1\" >> ticks.txt\n");
        File.WriteAllText(folder.File("scripts/fail.sh"), "#!/bin/sh\necho failing on purpose >&2\nexit 1\n");
    }

    /// <summary>A group that runs <c>tick.sh</c> with its own name, on a fixed interval (no adaptive stretching).</summary>
    public static string Group(string name, string every, params string[] after)
    {
        var afterJson = after.Length == 0 ? string.Empty : $", \"after\": [{string.Join(", ", after.Select(a => $"\"{a}\""))}]";
        return $$"""
            { "name": "{{name}}", "every": "{{every}}", "priority": "critical", "adaptive": false{{afterJson}},
              "steps": [ { "name": "tick", "run": "scripts/tick.sh", "args": ["{{name}}"] } ] }
            """;
    }

    /// <summary>A jobs.json on a store in state/, with a short grace period.</summary>
    public static string JobsJson(params string[] groups) => $$"""
        {
          "rhythm": { "store": "state/rhythm.db", "maxConcurrency": 4, "gracePeriod": "2s" },
          "groups": [
            {{string.Join(",\n", groups)}}
          ]
        }
        """;
}
