namespace Rhythm.Tests.Model;

public sealed class JobsFileReaderSettingsTests
{
    [TestCase(0)]
    [TestCase(65)]
    public void Parse_MaxConcurrencyOutOfRange_NamesTheRange(int value)
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", $"\"maxConcurrency\": {value}"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("section 'rhythm', field 'maxConcurrency'"));
            Assert.That(problem.Message, Is.EqualTo($"{value} is out of range: write a whole number from 1 to 64 (how many groups may run at once)."));
        });
    }

    [Test]
    public void Parse_MaxConcurrencyFraction_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", "\"maxConcurrency\": 2.5"));

        Assert.That(problem.Message, Is.EqualTo("2.5 is not a whole number: write a whole number from 1 to 64 (how many groups may run at once)."));
    }

    [TestCase("memoryPressure", "160")]
    [TestCase("memoryPressure", "-1")]
    [TestCase("cpuPressure", "101")]
    public void Parse_PressureOutOfRange_IsAProblem(string field, string value)
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", $"\"{field}\": {value}"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo($"section 'rhythm', field '{field}'"));
            Assert.That(problem.Message, Does.StartWith($"{value} is out of range: write a number from 0 to 100 (the "));
        });
    }

    [TestCase("sampleEvery")]
    [TestCase("keepMetrics")]
    [TestCase("keepHistory")]
    [TestCase("gracePeriod")]
    public void Parse_RhythmDurationInvalid_NamesTheField(string field)
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", $"\"{field}\": \"soon\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo($"section 'rhythm', field '{field}'"));
            Assert.That(problem.Message, Does.StartWith("'soon' is not a duration."));
        });
    }

    [Test]
    public void Parse_StoreEmpty_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", "\"store\": \"\""));

        Assert.That(problem.Message, Is.EqualTo("is empty. Write a value such as \"rhythm.db\"."));
    }

    [Test]
    public void Parse_StoreWithControlCharacter_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", "\"store\": \"a\\u0000.db\""));

        Assert.That(problem.Message, Does.StartWith("'a\\u0000.db' contains a control character"));
    }

    [Test]
    public void Parse_IdleBandAboveBusyBand_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", "\"idleBelowCpu\": 70, \"busyAboveCpu\": 20"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("section 'adaptive', field 'idleBelowCpu'"));
            Assert.That(problem.Message, Is.EqualTo(
                "idleBelowCpu (70) must be lower than busyAboveCpu (20): between the two lies the normal band, where intervals keep their base length."));
        });
    }

    [Test]
    public void Parse_IdleBandEqualToDefaultBusyBand_MentionsTheDefault()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", "\"idleBelowCpu\": 70"));

        Assert.That(problem.Message, Does.StartWith("idleBelowCpu (70) must be lower than busyAboveCpu (70, the default)"));
    }

    [Test]
    public void Parse_BusyBandOutOfRange_IsReportedOnce()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", "\"busyAboveCpu\": 120"));

        Assert.That(problem.Location, Is.EqualTo("section 'adaptive', field 'busyAboveCpu'"));
    }

    [TestCase("idleFactor", "0", "0 is not above 0.")]
    [TestCase("idleFactor", "-0.5", "-0.5 is not above 0.")]
    [TestCase("idleFactor", "1.2", "1.2 is above 1, which would stretch intervals while the machine is idle.")]
    [TestCase("busyFactor", "0", "0 is not above 0.")]
    [TestCase("busyFactor", "0.5", "0.5 is below 1, which would shorten intervals while the machine is busy.")]
    public void Parse_FactorOutOfRange_SaysWhatItWouldDo(string field, string value, string start)
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", $"\"{field}\": {value}"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo($"section 'adaptive', field '{field}'"));
            Assert.That(problem.Message, Does.StartWith(start));
        });
    }

    [Test]
    public void Parse_FactorsAtTheirLimits_AreAccepted()
    {
        var result = JobsJson.ParseSection("adaptive", "\"idleFactor\": 1, \"busyFactor\": 1");

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_HysteresisNegative_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", "\"hysteresis\": -1"));

        Assert.That(problem.Message, Does.StartWith("-1 is out of range: write a number from 0 to 100"));
    }

    [Test]
    public void Parse_AdaptiveEnabledNotBoolean_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", "\"enabled\": \"on\""));

        Assert.That(problem.Location, Is.EqualTo("section 'adaptive', field 'enabled'"));
    }

    [Test]
    public void Parse_WindowInvalid_IsAProblem()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", "\"window\": \"1 minute\""));

        Assert.That(problem.Message, Does.StartWith("'1 minute' is not a duration. Did you mean '1m'?"));
    }

    [TestCase("1ms")]
    [TestCase("999ms")]
    public void Parse_SampleEveryBelowOneSecond_IsAProblem(string value)
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", $"\"sampleEvery\": \"{value}\""));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("section 'rhythm', field 'sampleEvery'"));
            Assert.That(problem.Message, Does.StartWith($"'{value}' is shorter than 1s, the least sampleEvery can be:"));
            Assert.That(problem.Message, Does.EndWith("Write \"1s\" or longer, such as \"15s\"."));
        });
    }

    [Test]
    public void Parse_SampleEveryOneSecondWithWindowOfTwo_IsAccepted()
    {
        var result = JobsJson.Parse(
            "{ \"rhythm\": { \"sampleEvery\": \"1s\" }, \"adaptive\": { \"window\": \"2s\" }, \"groups\": [ " + JobsJson.ValidGroup + " ] }");

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_WindowShorterThanTwoSamples_NamesBothValues()
    {
        var result = JobsJson.Parse(
            "{ \"rhythm\": { \"sampleEvery\": \"10s\" }, \"adaptive\": { \"window\": \"15s\" }, \"groups\": [ " + JobsJson.ValidGroup + " ] }");
        var problem = JobsJson.Single(result);

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("section 'adaptive', field 'window'"));
            Assert.That(problem.Message, Does.StartWith("window (15s) must be at least twice rhythm.sampleEvery (10s), that is 20s:"));
            Assert.That(problem.Message, Does.Contain("Write \"20s\" or longer"));
        });
    }

    [Test]
    public void Parse_WindowShorterThanTwoDefaultSamples_SaysSampleEveryIsTheDefault()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", "\"window\": \"1ms\""));

        Assert.That(problem.Message, Does.StartWith("window (1ms) must be at least twice rhythm.sampleEvery (15s, the default), that is 30s:"));
    }

    [Test]
    public void Parse_SampleEveryAndWindowBothTooShort_ChecksTheWindowAgainstTheShortestSampleEvery()
    {
        var result = JobsJson.Parse(
            "{ \"rhythm\": { \"sampleEvery\": \"1ms\" }, \"adaptive\": { \"window\": \"1ms\" }, \"groups\": [ " + JobsJson.ValidGroup + " ] }");

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems.Select(p => p.Location), Is.EqualTo(new[] { "section 'rhythm', field 'sampleEvery'", "section 'adaptive', field 'window'" }));
            Assert.That(result.Problems[1].Message, Does.StartWith("window (1ms) must be at least twice rhythm.sampleEvery at its shortest (1s), that is 2s:"));
        });
    }

    [Test]
    public void Parse_SampleEveryWrongAndWindowLongEnough_ReportsSampleEveryOnly()
    {
        var result = JobsJson.Parse(
            "{ \"rhythm\": { \"sampleEvery\": \"1ms\" }, \"adaptive\": { \"window\": \"2s\" }, \"groups\": [ " + JobsJson.ValidGroup + " ] }");

        Assert.That(JobsJson.Single(result).Location, Is.EqualTo("section 'rhythm', field 'sampleEvery'"));
    }

    [TestCase("90")]
    [TestCase("50")]
    public void Parse_HysteresisAsWideAsTheGap_NamesTheGap(string value)
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", $"\"hysteresis\": {value}"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("section 'adaptive', field 'hysteresis'"));
            Assert.That(problem.Message, Does.StartWith(
                $"hysteresis ({value}) must be smaller than the gap of 50 points between idleBelowCpu (20, the default) and busyAboveCpu (70, the default):"));
            Assert.That(problem.Message, Does.Contain("Write a hysteresis below 50, such as 5"));
        });
    }

    [Test]
    public void Parse_DefaultHysteresisWiderThanANarrowGap_IsAProblemOnTheThreshold()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", "\"idleBelowCpu\": 40, \"busyAboveCpu\": 44"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("section 'adaptive', field 'idleBelowCpu'"));
            Assert.That(problem.Message, Does.StartWith("hysteresis (5, the default) must be smaller than the gap of 4 points"));
        });
    }

    [Test]
    public void Parse_HysteresisJustBelowTheGap_IsAccepted()
    {
        var result = JobsJson.ParseSection("adaptive", "\"idleBelowCpu\": 40, \"busyAboveCpu\": 50, \"hysteresis\": 9.5");

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_BandsInvertedAndHysteresisWide_ReportsTheBandsOnly()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", "\"idleBelowCpu\": 70, \"busyAboveCpu\": 20, \"hysteresis\": 90"));

        Assert.That(problem.Message, Does.StartWith("idleBelowCpu (70) must be lower than busyAboveCpu (20)"));
    }

    [TestCase("idleFactor", "0.01", "0.01 is below 0.1: an idle machine would run a 10m group every 6s")]
    [TestCase("idleFactor", "0.09", "0.09 is below 0.1:")]
    [TestCase("busyFactor", "10.5", "10.5 is above 10: a busy machine would run a 10m group only every 1h45m")]
    public void Parse_FactorBeyondTheSaneRange_SaysWhatItWouldDo(string field, string value, string start)
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("adaptive", $"\"{field}\": {value}"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo($"section 'adaptive', field '{field}'"));
            Assert.That(problem.Message, Does.StartWith(start));
        });
    }

    [Test]
    public void Parse_FactorsAtTheirOuterLimits_AreAccepted()
    {
        var result = JobsJson.ParseSection("adaptive", "\"idleFactor\": 0.1, \"busyFactor\": 10");

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }
}
