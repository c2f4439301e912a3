namespace Rhythm.Tests.Model;

public sealed class JobsFileReaderScheduleTests
{
    [Test]
    public void Parse_NoSchedule_NamesTheThreeChoices()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: string.Empty));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g'"));
            Assert.That(problem.Message, Is.EqualTo(
                "has no schedule. Add one of \"every\": \"10m\" (a fixed interval), \"at\": \"03:00\" (daily, local time) or \"cron\": \"0 0 * * * ?\" (a Quartz cron expression)."));
        });
    }

    [Test]
    public void Parse_TwoSchedules_NamesBoth()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"cron\": \"0 0 * * * ?\""));

        Assert.That(problem.Message, Is.EqualTo("has both 'every' and 'cron', but a group has exactly one schedule. Keep one of them."));
    }

    [Test]
    public void Parse_ThreeSchedules_NamesAllThree()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"at\": \"03:00\", \"cron\": \"0 0 * * * ?\""));

        Assert.That(problem.Message, Is.EqualTo("has 'every', 'at' and 'cron', but a group has exactly one schedule. Keep one of them."));
    }

    [Test]
    public void Parse_TwoSchedulesOneBad_ReportsBoth()
    {
        var result = JobsJson.ParseGroup("\"at\": \"3am\"");

        Assert.That(result.Problems.Select(p => p.Location), Is.EqualTo(new[] { "group 'g'", "group 'g', field 'at'" }));
    }

    [Test]
    public void Parse_DurationInWords_SuggestsTheShortForm()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: "\"every\": \"10 minutes\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'every'"));
            Assert.That(problem.Message, Is.EqualTo(
                "'10 minutes' is not a duration. Did you mean '10m'? Write a number followed by a unit (ms, s, m, h or d), "
                + "such as \"500ms\", \"90s\", \"10m\", \"2h\" or \"1d\", or combine them: \"1h30m\"."));
        });
    }

    [TestCase("1 hr 30 min", "1h30m")]
    [TestCase("90 sec", "90s")]
    [TestCase("2 days", "2d")]
    [TestCase("1h, 30m", "1h30m")]
    public void Parse_DurationSpelledOut_GuessesTheMeaning(string written, string guess)
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: $"\"every\": \"{written}\""));

        Assert.That(problem.Message, Does.StartWith($"'{written}' is not a duration. Did you mean '{guess}'?"));
    }

    [Test]
    public void Parse_DurationGibberish_ListsAcceptedForms()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: "\"every\": \"often\""));

        Assert.That(problem.Message, Does.StartWith("'often' is not a duration. Write a number followed by a unit (ms, s, m, h or d)"));
    }

    [Test]
    public void Parse_DurationAsNumber_SuggestsSeconds()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: "\"every\": 600"));

        Assert.That(problem.Message, Does.StartWith(
            "expected a duration in quotes with a unit, such as \"10m\", found the number 600. If you meant seconds, write \"600s\" or \"10m\"."));
    }

    [Test]
    public void Parse_DurationWithoutUnit_SuggestsSeconds()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: "\"every\": \"90\""));

        Assert.That(problem.Message, Does.StartWith("'90' has no unit. If you meant seconds, write \"90s\" or \"1m30s\"."));
    }

    [TestCase("0m", "'0m' is zero. A duration must be longer than zero, such as \"10m\".")]
    [TestCase("0h0m", "'0h0m' is zero. A duration must be longer than zero, such as \"10m\".")]
    [TestCase("-5m", "'-5m' is negative. A duration must be longer than zero, such as \"10m\".")]
    [TestCase("4000d", "'4000d' is longer than the limit of 10 years (3650d).")]
    public void Parse_DurationOutOfRange_SaysWhy(string written, string message)
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: $"\"every\": \"{written}\""));

        Assert.That(problem.Message, Is.EqualTo(message));
    }

    [TestCase("1ms")]
    [TestCase("99ms")]
    public void Parse_EveryBelowTheFloor_IsAProblem(string value)
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: $"\"every\": \"{value}\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'every'"));
            Assert.That(problem.Message, Does.StartWith($"'{value}' is shorter than 100ms, the least every can be:"));
            Assert.That(problem.Message, Does.EndWith("Write \"100ms\" or longer, such as \"10m\"."));
        });
    }

    [TestCase("100ms")]
    [TestCase("250ms")]
    public void Parse_EveryAtOrAboveTheFloor_IsAccepted(string value)
    {
        var result = JobsJson.ParseGroup(string.Empty, schedule: $"\"every\": \"{value}\"");

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_MinEveryBelowTheFloor_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"minEvery\": \"10ms\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'minEvery'"));
            Assert.That(problem.Message, Does.StartWith("'10ms' is shorter than 100ms, the least minEvery can be:"));
        });
    }

    [Test]
    public void Parse_MinEveryLongerThanMaxEvery_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"minEvery\": \"1h\", \"maxEvery\": \"5m\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'minEvery'"));
            Assert.That(problem.Message, Is.EqualTo(
                "minEvery (1h) is longer than maxEvery (5m). The adaptive rhythm keeps the interval between the two, so minEvery must be the shorter one."));
        });
    }

    [Test]
    public void Parse_EveryBelowMinEvery_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"minEvery\": \"15m\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'every'"));
            Assert.That(problem.Message, Is.EqualTo("every (10m) is shorter than minEvery (15m). The base interval must lie between minEvery and maxEvery."));
        });
    }

    [Test]
    public void Parse_EveryAboveMaxEvery_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"maxEvery\": \"5m\""));

        Assert.That(problem.Message, Is.EqualTo("every (10m) is longer than maxEvery (5m). The base interval must lie between minEvery and maxEvery."));
    }

    [Test]
    public void Parse_MinEveryOnDailyGroup_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"minEvery\": \"5m\"", schedule: "\"at\": \"03:00\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'minEvery'"));
            Assert.That(problem.Message, Is.EqualTo(
                "applies only to groups scheduled with 'every'; this group uses 'at', whose times the adaptive rhythm does not move. Remove it."));
        });
    }

    [TestCase("3:00", "Did you mean '03:00'?")]
    [TestCase("3:00 PM", "Did you mean '15:00'?")]
    [TestCase("3pm", "Did you mean '15:00'?")]
    [TestCase("03:00:00", "Did you mean '03:00'?")]
    public void Parse_AtInOtherTimeForm_SuggestsHourMinute(string written, string suggestion)
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: $"\"at\": \"{written}\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'at'"));
            Assert.That(problem.Message, Is.EqualTo(
                $"'{written}' is not a time in HH:mm form. {suggestion} Write the local time of day on a 24-hour clock with two digits each, such as \"03:00\" or \"23:30\"."));
        });
    }

    [TestCase("25:00")]
    [TestCase("noon")]
    [TestCase("12:60")]
    public void Parse_AtNotATime_ExplainsTheForm(string written)
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: $"\"at\": \"{written}\""));

        Assert.That(problem.Message, Does.StartWith($"'{written}' is not a time in HH:mm form. Write the local time of day"));
    }

    [Test]
    public void Parse_AtAsNumber_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: "\"at\": 3"));

        Assert.That(problem.Message, Is.EqualTo("expected a time of day in quotes such as \"03:00\", found the number 3."));
    }

    [Test]
    public void Parse_CronWithBadField_IncludesQuartzReason()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: "\"cron\": \"0 61 * * * ?\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'g', field 'cron'"));
            Assert.That(problem.Message, Does.StartWith("'0 61 * * * ?' is not a valid cron expression: Minute and Second values must be between 0 and 59."));
            Assert.That(problem.Message, Does.EndWith("such as \"0 0 * * * ?\" (every hour)."));
        });
    }

    [Test]
    public void Parse_CrontabFiveFields_SuggestsSecondsField()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: "\"cron\": \"30 4 * * 1\""));

        Assert.That(problem.Message, Does.StartWith(
            "'30 4 * * 1' is not a valid cron expression: it has 5 fields, the crontab form, but Quartz cron starts with a seconds field. "
            + "Did you mean '0 30 4 * * 1'? Quartz numbers the days of the week 1-7 from Sunday where crontab uses 0-6, so write them as names such as MON-FRI."));
    }

    [Test]
    public void Parse_CronThatNeverFires_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: "\"cron\": \"0 0 0 30 2 ?\""));

        Assert.That(problem.Message, Does.StartWith("'0 0 0 30 2 ?' is not a valid cron expression: it never fires"));
    }

    [Test]
    public void Parse_CronTooLong_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup(string.Empty, schedule: "\"cron\": \"" + string.Join(' ', Enumerable.Repeat("0", 200)) + "\""));

        Assert.That(problem.Message, Does.StartWith("is 399 characters long; a cron expression has at most 256."));
    }

    [TestCase("0 0/5 * * * ?")]
    [TestCase("0 0 12 ? * MON-FRI")]
    [TestCase("0 15 10 L * ?")]
    [TestCase("@daily")]
    public void Parse_ValidCron_IsAccepted(string expression)
    {
        var result = JobsJson.ParseGroup(string.Empty, schedule: $"\"cron\": \"{expression}\"");

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }
}
