namespace Rhythm.Tests.Model;

public sealed class JobsFileReaderKeyTests
{
    [Test]
    public void Parse_MisspelledGroupKey_SuggestsTheKnownKey()
    {
        var result = JobsJson.ParseGroup("\"evrey\": \"10m\"", schedule: string.Empty);

        Assert.That(result.Problems[0].ToString(), Is.EqualTo(
            "jobs.json: group 'g', field 'evrey': 'evrey' is not a field of a group. Did you mean 'every'? "
            + "Known fields: name, every, at, cron, after, priority, enabled, adaptive, minEvery, maxEvery, steps."));
    }

    [Test]
    public void Parse_MisspelledTopLevelKey_SuggestsTheKnownKey()
    {
        var result = JobsJson.Parse("{ \"grups\": [] }");

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems[0].Location, Is.EqualTo("field 'grups'"));
            Assert.That(result.Problems[0].Message, Does.StartWith("'grups' is not a field of the top level. Did you mean 'groups'?"));
            Assert.That(result.Problems[1].Message, Does.StartWith("is missing. Add the task groups"));
        });
    }

    [Test]
    public void Parse_MisspelledRhythmKey_SuggestsTheKnownKey()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", "\"maxConcurency\": 4"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("section 'rhythm', field 'maxConcurency'"));
            Assert.That(problem.Message, Does.StartWith("'maxConcurency' is not a field of the 'rhythm' section. Did you mean 'maxConcurrency'?"));
        });
    }

    [Test]
    public void Parse_WrongCaseAdaptiveKey_SuggestsTheKnownKey()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", "\"IdleFactor\": 0.8"));

        Assert.That(problem.Message, Does.StartWith("'IdleFactor' is not a field of the 'adaptive' section. Did you mean 'idleFactor'?"));
    }

    [Test]
    public void Parse_MisspelledStepKey_SuggestsTheKnownKey()
    {
        var problem = JobsJson.Single(JobsJson.ParseStep("\"timout\": \"5m\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', step 's', field 'timout'"));
            Assert.That(problem.Message, Is.EqualTo(
                "'timout' is not a field of a step. Did you mean 'timeout'? Known fields: name, run, args, cwd, env, timeout, continueOnError, successCodes, with."));
        });
    }

    [Test]
    public void Parse_UnrelatedUnknownKey_ListsKnownKeysWithoutGuessing()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"description\": \"x\""));

        Assert.That(problem.Message, Does.StartWith("'description' is not a field of a group. Known fields: name, every"));
    }

    [Test]
    public void Parse_RepeatedKey_AsksToKeepOne()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"priority\": \"low\", \"priority\": \"high\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'priority'"));
            Assert.That(problem.Message, Is.EqualTo("'priority' appears more than once in a group. Keep one of them."));
        });
    }

    [Test]
    public void Parse_SchemaKey_IsIgnored()
    {
        var result = JobsJson.Parse("{ \"$schema\": \"https://example.org/jobs.schema.json\", \"groups\": [ " + JobsJson.ValidGroup + " ] }");

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_SchemaKeyNotAString_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.Parse("{ \"$schema\": true, \"groups\": [ " + JobsJson.ValidGroup + " ] }"));

        Assert.That(problem.Message, Is.EqualTo("expected a string such as \"./jobs.schema.json\", found true."));
    }

    [Test]
    public void Parse_ManyMistakes_ReportsEveryOne()
    {
        var result = JobsJson.ParseGroups(
            "{ \"name\": \"a\", \"evrey\": \"10m\", \"priority\": \"urgent\", \"steps\": [ { \"name\": \"s\" } ] }",
            "{ \"name\": \"b\", \"every\": \"soon\", \"steps\": [] }");

        Assert.That(result.Problems.Select(p => p.Location), Is.EqualTo(new[]
        {
            "group 'a', field 'evrey'",
            "group 'a'",
            "group 'a', field 'priority'",
            "group 'a', step 's', field 'run'",
            "group 'b', field 'every'",
            "group 'b', field 'steps'",
        }));
    }
}
