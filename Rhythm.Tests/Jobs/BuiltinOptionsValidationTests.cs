using Microsoft.Extensions.DependencyInjection;
using Rhythm.Jobs;
using Rhythm.Model;
using Rhythm.Steps;

namespace Rhythm.Tests.Jobs;

/// <summary>What <c>rhythm validate</c> says about the <c>with</c> options of the shipped built-in steps.</summary>
public sealed class BuiltinOptionsValidationTests
{
    private static List<StepRegistration> Builtins()
    {
        using var services = new ServiceCollection().AddRhythmJobs().BuildServiceProvider();
        return services.GetServices<StepRegistration>().ToList();
    }

    private static JobsFileResult ParseStep(string run, string with) =>
        JobsFileReader.Parse(
            $$"""{ "groups": [ { "name": "g", "every": "10m", "steps": [ { "name": "s", "run": "{{run}}", "with": {{with}} } ] } ] }""",
            "jobs.json",
            Builtins());

    [Test]
    public void Parse_SeveralBadOptions_ReportsEachAsItsOwnProblem()
    {
        var result = ParseStep("builtin:trends", """{ "windw": "24h", "keep": -3, "lateAfter": "x" }""");

        Assert.That(result.Problems.Select(p => p.ToString()), Is.EquivalentTo(new[]
        {
            "jobs.json: group 'g', step 's', field 'with': builtin:trends: unknown option 'windw' in \"with\". Did you mean 'window'? Known options: window, lateAfter, folder, keep",
            "jobs.json: group 'g', step 's', field 'with': builtin:trends: option 'keep' must be a whole number from 1 to 100000, found -3",
            "jobs.json: group 'g', step 's', field 'with': builtin:trends: option 'lateAfter' must be a duration such as \"500ms\", \"30s\", \"10m\", \"6h\" or \"7d\", found \"x\"",
        }));
    }

    [Test]
    public void Parse_TwoUnknownOptions_SuggestsForEach()
    {
        var result = ParseStep("builtin:http-probe", """{ "url": "http://127.0.0.1/", "maxLatncy": "1s", "timout": "5s" }""");

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Has.Count.EqualTo(2), () => JobsJsonText(result));
            Assert.That(result.Problems[0].Message, Does.Contain("unknown option 'maxLatncy' in \"with\". Did you mean 'maxLatency'?"));
            Assert.That(result.Problems[1].Message, Does.Contain("unknown option 'timout' in \"with\". Did you mean 'timeout'?"));
        });
    }

    [Test]
    public void Parse_UnknownOptionWithControlCharacters_IsQuotedSafely()
    {
        var result = ParseStep("builtin:report", """{ "ti\u001btle": "x" }""");

        Assert.That(result.Problems.Single().Message, Does.StartWith("builtin:report: unknown option 'ti\\u001Btle' in \"with\"."));
    }

    [Test]
    public void Parse_ThresholdOutOfRange_IsNotComparedAgainstTheOtherAsItsDefault()
    {
        // cpuDegraded 120 is out of range; comparing its default 85 with cpuUnhealthy 50 would report a second,
        // made-up mistake.
        var result = ParseStep("builtin:health", """{ "cpuDegraded": 120, "cpuUnhealthy": 50 }""");

        Assert.That(result.Problems.Single().Message, Is.EqualTo("builtin:health: option 'cpuDegraded' must be a percentage from 0 to 100, found 120"));
    }

    [Test]
    public void Parse_RequiredOptionMissingAndAnotherWrong_ReportsBoth()
    {
        var result = ParseStep("builtin:http-probe", """{ "timeout": 10 }""");

        Assert.That(result.Problems.Select(p => p.Message), Is.EquivalentTo(new[]
        {
            "builtin:http-probe: option 'url' is required: the http or https address to GET, such as \"http://127.0.0.1:8080/health\"",
            "builtin:http-probe: option 'timeout' must be a duration such as \"500ms\", \"30s\", \"10m\", \"6h\" or \"7d\", found 10",
        }));
    }

    private static string JobsJsonText(JobsFileResult result) => string.Join("\n", result.Problems);
}
