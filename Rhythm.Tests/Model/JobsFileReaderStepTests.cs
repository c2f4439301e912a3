using Rhythm.Steps;
namespace Rhythm.Tests.Model;

public sealed class JobsFileReaderStepTests
{
    private static readonly StepRegistration[] Builtins = [new("health"), new("cleanup")];

    [Test]
    public void Parse_MissingSteps_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, steps: string.Empty));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'steps'"));
            Assert.That(problem.Message, Is.EqualTo(
                "is missing. A group needs at least one step, such as \"steps\": [ { \"name\": \"check\", \"run\": \"scripts/check.py\" } ]."));
        });
    }

    [Test]
    public void Parse_EmptySteps_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, steps: "\"steps\": []"));

        Assert.That(problem.Message, Does.StartWith("is empty. A group needs at least one step"));
    }

    [Test]
    public void Parse_StepNotAnObject_NamesItsIndex()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, steps: "\"steps\": [ \"scripts/a.sh\" ]"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', steps[0]"));
            Assert.That(problem.Message, Does.StartWith("expected a step object such as { \"name\": \"check\", \"run\": \"scripts/check.py\" }, found a string"));
        });
    }

    [Test]
    public void Parse_StepWithoutName_UsesTheIndexAsLocation()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, steps: "\"steps\": [ { \"run\": \"a.sh\" } ]"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', steps[0], field 'name'"));
            Assert.That(problem.Message, Is.EqualTo("is missing. Add it, such as \"name\": \"check\"."));
        });
    }

    [Test]
    public void Parse_StepWithoutRun_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep(string.Empty, run: string.Empty));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', step 's', field 'run'"));
            Assert.That(problem.Message, Is.EqualTo("is missing. Add it, such as \"run\": \"scripts/check.py\" or \"builtin:health\"."));
        });
    }

    [TestCase("\"\"")]
    [TestCase("\"   \"")]
    public void Parse_StepRunBlank_IsAProblem(string run)
    {
        var problem = JobsJson.Single(JobsJson.ParseStep(string.Empty, run: "\"run\": " + run));

        Assert.That(problem.Message, Is.EqualTo("is empty. Write a value such as \"scripts/check.py\" or \"builtin:health\"."));
    }

    [Test]
    public void Parse_RunWithSurroundingSpace_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep(string.Empty, run: "\"run\": \"scripts/a.sh \""));

        Assert.That(problem.Message, Is.EqualTo("'scripts/a.sh ' starts or ends with a space, which would become part of the path. Remove it."));
    }

    [Test]
    public void Parse_UnknownBuiltin_SuggestsAndListsKnownOnes()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep(string.Empty, run: "\"run\": \"builtin:helth\"", builtins: Builtins));

        Assert.That(problem.ToString(), Is.EqualTo(
            "jobs.json: group 'g', step 's', field 'run': 'builtin:helth' is not a built-in step. Did you mean 'builtin:health'? Known built-ins: cleanup, health."));
    }

    [Test]
    public void Parse_UnknownBuiltinWithNoneRegistered_SaysSo()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep(string.Empty, run: "\"run\": \"builtin:health\"", builtins: []));

        Assert.That(problem.Message, Is.EqualTo("'builtin:health' is not a built-in step. No built-in steps are registered."));
    }

    [Test]
    public void Parse_BuiltinWithoutName_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep(string.Empty, run: "\"run\": \"builtin:\"", builtins: Builtins));

        Assert.That(problem.Message, Is.EqualTo("names no built-in step after 'builtin:'. Write builtin:NAME. Known built-ins: cleanup, health."));
    }

    [Test]
    public void Parse_BuiltinPrefixInCapitals_SuggestsLowerCase()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep(string.Empty, run: "\"run\": \"Builtin:health\"", builtins: Builtins));

        Assert.That(problem.Message, Is.EqualTo("'Builtin:health': the prefix is written in lower case. Did you mean 'builtin:health'?"));
    }

    [Test]
    public void Parse_KnownBuiltin_IsAccepted()
    {
        var result = JobsJson.ParseStep(string.Empty, run: "\"run\": \"builtin:cleanup\"", builtins: Builtins);

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_BuiltinOptionsTheStepRejects_IsAProblemAtWith()
    {
        StepRegistration[] builtins = [new("probe", with => with?.TryGetProperty("url", out _) == true ? [] : ["builtin:probe: \"with\" needs a \"url\""])];

        var wrong = JobsJson.Single(JobsJson.ParseStep("\"with\": { \"ur\": \"http://localhost\" }", run: "\"run\": \"builtin:probe\"", builtins: builtins));
        var missing = JobsJson.Single(JobsJson.ParseStep(string.Empty, run: "\"run\": \"builtin:probe\"", builtins: builtins));
        var right = JobsJson.ParseStep("\"with\": { \"url\": \"http://localhost\" }", run: "\"run\": \"builtin:probe\"", builtins: builtins);

        Assert.Multiple(() =>
        {
            Assert.That(wrong.Location, Is.EqualTo("group 'g', step 's', field 'with'"));
            Assert.That(wrong.Message, Is.EqualTo("builtin:probe: \"with\" needs a \"url\""));
            Assert.That(missing.Location, Is.EqualTo("group 'g', step 's', field 'with'"), "a step without options is checked too");
            Assert.That(right.IsValid, Is.True, () => JobsJson.Describe(right));
        });
    }

    [Test]
    public void Parse_BuiltinOptionsCheckThrows_IsAProblemNotACrash()
    {
        StepRegistration[] builtins = [new("fragile", _ => throw new InvalidOperationException("no options today"))];

        var problem = JobsJson.Single(JobsJson.ParseStep("\"with\": { }", run: "\"run\": \"builtin:fragile\"", builtins: builtins));

        Assert.That(problem.ToString(), Is.EqualTo("jobs.json: group 'g', step 's', field 'with': checking the options of 'builtin:fragile' failed: no options today"));
    }

    [Test]
    public void Parse_ArgsAsString_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"args\": \"--window 1h\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', step 's', field 'args'"));
            Assert.That(problem.Message, Is.EqualTo(
                "expected an array of strings such as [\"--window\", \"1h\"], found a string (\"--window 1h\"). Even one item goes in brackets, each in its own quotes."));
        });
    }

    [Test]
    public void Parse_ArgsWithNumber_SaysToQuoteIt()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"args\": [\"--port\", 8080]"));

        Assert.That(problem.Message, Is.EqualTo("item 1 is the number 8080; every item must be a string, such as [\"--window\", \"1h\"]. Put it in quotes: \"8080\"."));
    }

    [Test]
    public void Parse_EnvNotAnObject_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"env\": [\"A=1\"]"));

        Assert.That(problem.Message, Is.EqualTo("expected an object of strings such as { \"API_TOKEN\": \"${API_TOKEN}\" }, found an array."));
    }

    [Test]
    public void Parse_EnvValueNotString_NamesTheVariable()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"env\": { \"PORT\": 8080 }"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', step 's', field 'env'"));
            Assert.That(problem.Message, Is.EqualTo("variable 'PORT' is the number 8080; environment values are strings. Put it in quotes: \"8080\"."));
        });
    }

    [TestCase("A=B")]
    [TestCase("")]
    public void Parse_EnvBadName_IsAProblem(string name)
    {
        var problem = JobsJson.Single(JobsJson.ParseStep($"\"env\": {{ \"{name}\": \"x\" }}"));

        Assert.That(problem.Message, Is.EqualTo($"'{name}' is not a valid environment variable name: it must be non-empty, without '=' or control characters."));
    }

    [Test]
    public void Parse_TimeoutInvalid_NamesGroupStepAndField()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"timeout\": \"5 min\""));

        Assert.That(problem.ToString(), Does.StartWith("jobs.json: group 'g', step 's', field 'timeout': '5 min' is not a duration. Did you mean '5m'?"));
    }

    [Test]
    public void Parse_SuccessCodesNotIntegers_NamesEachItem()
    {
        var result = JobsJson.ParseStep("\"successCodes\": [0, 3.5, \"4\", 99999999999]");

        Assert.That(result.Problems.Select(p => p.Message), Is.EqualTo(new[]
        {
            "item 1 is the number 3.5; exit codes are whole numbers such as 0 or 3.",
            "item 2 is a string (\"4\"); exit codes are whole numbers such as 0 or 3.",
            "item 3 is the number 99999999999; exit codes are whole numbers such as 0 or 3.",
        }));
    }

    [Test]
    public void Parse_SuccessCodesNotAnArray_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"successCodes\": 0"));

        Assert.That(problem.Message, Is.EqualTo("expected an array of exit codes such as [0, 3], found the number 0."));
    }

    [Test]
    public void Parse_SuccessCodesEmpty_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"successCodes\": []"));

        Assert.That(problem.Message, Does.StartWith("is empty, so no exit code would count as success."));
    }

    [Test]
    public void Parse_SuccessCodesNegativeAndWhole_AreAccepted()
    {
        var file = JobsJson.ParseStep("\"successCodes\": [0, -1, 3.0]").GetFileOrThrow();

        Assert.That(file.Groups[0].Steps[0].SuccessCodes, Is.EqualTo(new[] { 0, -1, 3 }));
    }

    [Test]
    public void Parse_WithOnProgramStep_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"with\": { \"x\": 1 }"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', step 's', field 'with'"));
            Assert.That(problem.Message, Is.EqualTo(
                "is read only by built-in steps (\"run\": \"builtin:NAME\"), and 'scripts/work.sh' is a program. Pass a program its options with 'args' or 'env'."));
        });
    }

    [Test]
    public void Parse_WithNotAnObject_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"with\": 85", run: "\"run\": \"builtin:health\""));

        Assert.That(problem.Message, Is.EqualTo("expected an object of options such as { \"cpuDegraded\": 85 }, found the number 85."));
    }

    [Test]
    public void Parse_RunNull_DoesNotSuggestRemovingIt()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep(string.Empty, run: "\"run\": null"));

        Assert.That(problem.Message, Is.EqualTo("expected a string such as \"scripts/check.py\" or \"builtin:health\", found null."));
    }

    [Test]
    public void Parse_CwdEmpty_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"cwd\": \"\""));

        Assert.That(problem.Location, Is.EqualTo("group 'g', step 's', field 'cwd'"));
    }
}
