namespace Rhythm.Tests.Model;

public sealed class JobsFileReaderGroupRulesTests
{
    [Test]
    public void Parse_AfterUnknownGroup_SuggestsClosestAndListsKnown()
    {
        var result = JobsJson.ParseGroups(
            JobsJson.Group("health-check"),
            JobsJson.Group("maintenance"),
            JobsJson.Group("performance", "\"after\": [\"helth-check\"]"));

        Assert.That(JobsJson.Single(result).ToString(), Is.EqualTo(
            "jobs.json: group 'performance', field 'after': 'helth-check' is not a group. Did you mean 'health-check'? Known groups: health-check, maintenance."));
    }

    [Test]
    public void Parse_AfterUnknownGroupWithNoOthers_SaysThereAreNone()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"after\": [\"other\"]"));

        Assert.That(problem.Message, Is.EqualTo("'other' is not a group. There are no other groups in the file."));
    }

    [Test]
    public void Parse_AfterItself_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"after\": [\"g\"]"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'after'"));
            Assert.That(problem.Message, Is.EqualTo("'g' is this group itself; a group cannot run after itself. Remove it."));
        });
    }

    [Test]
    public void Parse_AfterSameGroupTwice_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.Group("a"), JobsJson.Group("b", "\"after\": [\"a\", \"a\"]")));

        Assert.That(problem.Message, Is.EqualTo("names 'a' more than once. Keep one of them."));
    }

    [Test]
    public void Parse_AfterEmptyName_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"after\": [\"\"]"));

        Assert.That(problem.Message, Is.EqualTo("item 0 is empty. Write the name of a group this one runs after."));
    }

    [Test]
    public void Parse_AfterWithOneBadItem_StillChecksTheNames()
    {
        var result = JobsJson.ParseGroups(JobsJson.Group("a"), JobsJson.Group("b", "\"after\": [5, \"c\"]"));

        Assert.That(result.Problems.Select(p => p.Message), Is.EqualTo(new[]
        {
            "item 0 is the number 5; every item must be a string, such as [\"health-check\"]. Put it in quotes: \"5\".",
            "'c' is not a group. Known groups: a.",
        }));
    }

    [Test]
    public void Parse_AfterAsPlainString_SaysToUseBrackets()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.Group("a"), JobsJson.Group("b", "\"after\": \"a\"")));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'b', field 'after'"));
            Assert.That(problem.Message, Is.EqualTo(
                "expected an array of strings such as [\"health-check\"], found a string (\"a\"). Even one item goes in brackets, each in its own quotes."));
        });
    }

    [Test]
    public void Parse_ProblemsInSeveralGroups_ComeInFileOrder()
    {
        var result = JobsJson.ParseGroups(
            "{ \"every\": \"10m\", \"after\": [\"zzz\"], " + JobsJson.Steps + " }",
            JobsJson.Group("x", "\"after\": [\"x\"]"));

        Assert.That(result.Problems.Select(p => p.Location), Is.EqualTo(new[]
        {
            "groups[0], field 'name'",
            "groups[0], field 'after'",
            "group 'x', field 'after'",
        }));
    }

    [Test]
    public void Parse_TwoGroupCycle_NamesTheWholeCycle()
    {
        var result = JobsJson.ParseGroups(
            JobsJson.Group("health-check", "\"after\": [\"performance\"]"),
            JobsJson.Group("performance", "\"after\": [\"health-check\"]"));

        var problem = JobsJson.Single(result);
        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'health-check', field 'after'"));
            Assert.That(problem.Message, Is.EqualTo(
                "these groups wait for each other in a cycle: health-check -> performance -> health-check. None of them would ever run. Remove one of these 'after' entries."));
        });
    }

    [Test]
    public void Parse_CycleReachedFromOutside_ReportsOnlyTheCycle()
    {
        var result = JobsJson.ParseGroups(
            JobsJson.Group("entry", "\"after\": [\"b\"]"),
            JobsJson.Group("a", "\"after\": [\"c\"]"),
            JobsJson.Group("b", "\"after\": [\"a\"]"),
            JobsJson.Group("c", "\"after\": [\"b\"]"));

        Assert.That(JobsJson.Single(result).Message, Does.StartWith("these groups wait for each other in a cycle: a -> c -> b -> a."));
    }

    [Test]
    public void Parse_TwoSeparateCycles_ReportsBoth()
    {
        var result = JobsJson.ParseGroups(
            JobsJson.Group("a", "\"after\": [\"b\"]"),
            JobsJson.Group("b", "\"after\": [\"a\"]"),
            JobsJson.Group("c", "\"after\": [\"d\"]"),
            JobsJson.Group("d", "\"after\": [\"c\"]"));

        Assert.That(result.Problems.Select(p => p.Location), Is.EqualTo(new[] { "group 'a', field 'after'", "group 'c', field 'after'" }));
    }

    [Test]
    public void Parse_DiamondDependencies_AreNotACycle()
    {
        var result = JobsJson.ParseGroups(
            JobsJson.Group("root"),
            JobsJson.Group("left", "\"after\": [\"root\"]"),
            JobsJson.Group("right", "\"after\": [\"root\"]"),
            JobsJson.Group("join", "\"after\": [\"left\", \"right\"]"));

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_AfterDisabledGroup_SaysItWouldWaitForever()
    {
        var result = JobsJson.ParseGroups(JobsJson.Group("maintenance", "\"enabled\": false"), JobsJson.Group("daily", "\"after\": [\"maintenance\"]"));

        var problem = JobsJson.Single(result);
        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'daily', field 'after'"));
            Assert.That(problem.Message, Is.EqualTo(
                "'maintenance' is disabled (\"enabled\": false), so group 'daily' would wait for it forever. Enable 'maintenance' or remove it from 'after'."));
        });
    }

    [Test]
    public void Parse_DisabledGroupAfterDisabledGroup_IsAccepted()
    {
        var result = JobsJson.ParseGroups(
            JobsJson.Group("a", "\"enabled\": false"),
            JobsJson.Group("b", "\"enabled\": false, \"after\": [\"a\"]"));

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_DuplicateGroupNames_NamesBothPositions()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.Group("a"), JobsJson.Group("b"), JobsJson.Group("a")));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("groups[2], field 'name'"));
            Assert.That(problem.Message, Is.EqualTo("'a' is already the name of groups[0]; group names must be unique in the file. Rename one of them."));
        });
    }

    [Test]
    public void Parse_GroupNamesDifferingOnlyInCase_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.Group("Backup"), JobsJson.Group("backup")));

        Assert.That(problem.Message, Is.EqualTo(
            "'backup' differs from groups[0] ('Backup') only in case. Names become file names, and those clash on Windows and macOS. Rename one of them."));
    }

    [Test]
    public void Parse_DuplicateStepNames_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(
            string.Empty,
            steps: "\"steps\": [ { \"name\": \"fetch\", \"run\": \"a\" }, { \"name\": \"fetch\", \"run\": \"b\" } ]"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', steps[1], field 'name'"));
            Assert.That(problem.Message, Is.EqualTo("'fetch' is already the name of steps[0]; step names must be unique within a group. Rename one of them."));
        });
    }

    [Test]
    public void Parse_SameStepNameInTwoGroups_IsAccepted()
    {
        var result = JobsJson.ParseGroups(JobsJson.Group("a"), JobsJson.Group("b"));

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_GroupWithoutName_UsesIndexLocation()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.ValidGroup, "{ \"every\": \"10m\", " + JobsJson.Steps + " }"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("groups[1], field 'name'"));
            Assert.That(problem.Message, Is.EqualTo("is missing. Add it, such as \"name\": \"health-check\"."));
        });
    }

    [Test]
    public void Parse_NameWithSpace_SuggestsAValidName()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.Group("daily routine")));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'daily routine', field 'name'"));
            Assert.That(problem.Message, Is.EqualTo(
                "'daily routine' contains a space, which a name cannot have. Did you mean 'daily-routine'? "
                + "Use letters A-Z and a-z, digits, '.', '_' and '-', starting with a letter or digit (names become Quartz keys and file names)."));
        });
    }

    [Test]
    public void Parse_NameInKorean_NamesTheCharacter()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.Group("헬스체크")));

        Assert.That(problem.Message, Does.StartWith("'헬스체크' contains '헬' (U+D5EC), which a name cannot have. Use letters A-Z"));
    }

    [TestCase("..")]
    [TestCase(".hidden")]
    [TestCase("-flag")]
    public void Parse_NameStartingWithPunctuation_IsAProblem(string name)
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.Group(name)));

        Assert.That(problem.Message, Does.StartWith($"'{name}' starts with '{name[0]}', which a name cannot have."));
    }

    [Test]
    public void Parse_NameTooLong_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.Group(new string('a', 81))));

        Assert.That(problem.Message, Does.EndWith("is 81 characters long; a name may have at most 80 (names become Quartz keys and file names)."));
    }

    [Test]
    public void Parse_NameOfMaximumLength_IsAccepted()
    {
        var result = JobsJson.ParseGroups(JobsJson.Group(new string('a', 80)));

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_StepNameInvalid_NamesGroupAndStep()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, steps: "\"steps\": [ { \"name\": \"a/b\", \"run\": \"x\" } ]"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', step 'a/b', field 'name'"));
            Assert.That(problem.Message, Does.StartWith("'a/b' contains '/' (U+002F), which a name cannot have. Did you mean 'a-b'?"));
        });
    }

    [TestCase("\"Critical\"", "Critical")]
    [TestCase("\"LOW\"", "Low")]
    [TestCase("\"medium\"", "Medium")]
    public void Parse_PriorityAnyCase_IsAccepted(string written, string expected)
    {
        var file = JobsJson.ParseGroup("\"priority\": " + written).GetFileOrThrow();

        Assert.That(file.Groups[0].Priority.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Parse_PriorityMisspelled_Suggests()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"priority\": \"hihg\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'priority'"));
            Assert.That(problem.Message, Is.EqualTo(
                "'hihg' is not a priority. Did you mean 'high'? Write one of \"critical\", \"high\", \"medium\" (the default) or \"low\"."));
        });
    }

    [Test]
    public void Parse_GroupsEmpty_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.Parse("{ \"groups\": [] }"));

        Assert.That(problem.Message, Does.StartWith("is empty. Add at least one group, such as { \"name\": \"health-check\""));
    }
}
