using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Tests.Model;

/// <summary>Builds small jobs.json texts around the one part a test is about.</summary>
internal static class JobsJson
{
    public const string Schedule = "\"every\": \"10m\"";
    public const string Steps = "\"steps\": [ { \"name\": \"work\", \"run\": \"scripts/work.sh\" } ]";
    public const string ValidGroup = "{ \"name\": \"g\", \"every\": \"10m\", " + Steps + " }";

    public static JobsFileResult Parse(string json, IReadOnlyCollection<StepRegistration>? builtins = null) =>
        JobsFileReader.Parse(json, "jobs.json", builtins);

    public static JobsFileResult ParseGroups(params string[] groups) =>
        Parse("{ \"groups\": [ " + string.Join(", ", groups) + " ] }");

    /// <summary>One group named <c>g</c> with the given fields, plus a schedule and steps unless the test replaces them.</summary>
    public static JobsFileResult ParseGroup(string fields, string schedule = Schedule, string steps = Steps) =>
        ParseGroups("{ " + Join("\"name\": \"g\"", fields, schedule, steps) + " }");

    /// <summary>One step named <c>s</c> in group <c>g</c>, with a program <c>run</c> unless the test gives its own.</summary>
    public static JobsFileResult ParseStep(string fields, string run = "\"run\": \"scripts/work.sh\"", IReadOnlyCollection<StepRegistration>? builtins = null) =>
        Parse("{ \"groups\": [ { \"name\": \"g\", \"every\": \"10m\", \"steps\": [ { " + Join("\"name\": \"s\"", run, fields) + " } ] } ] }", builtins);

    /// <summary>A valid file with one section (<c>rhythm</c> or <c>adaptive</c>) holding the given fields.</summary>
    public static JobsFileResult ParseSection(string section, string fields) =>
        Parse("{ \"" + section + "\": { " + fields + " }, \"groups\": [ " + ValidGroup + " ] }");

    public static string Group(string name, string fields = "") =>
        "{ " + Join($"\"name\": \"{name}\"", Schedule, Steps, fields) + " }";

    /// <summary>The only problem; fails listing all of them when there is not exactly one.</summary>
    public static ValidationProblem Single(JobsFileResult result)
    {
        Assert.That(result.Problems, Has.Count.EqualTo(1), () => "Problems:\n" + string.Join("\n", result.Problems));
        return result.Problems[0];
    }

    public static string Describe(JobsFileResult result) => string.Join("\n", result.Problems);

    private static string Join(params string[] parts) => string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
