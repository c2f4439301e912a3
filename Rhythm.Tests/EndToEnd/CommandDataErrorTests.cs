using Rhythm.Tests.Support;

namespace Rhythm.Tests.EndToEnd;

/// <summary>
/// The real <c>rhythm</c> program given a right command line but wrong or empty data: it says what is wrong with
/// the data, and keeps the usage text for command lines that are wrong.
/// </summary>
[TestFixture]
internal sealed class CommandDataErrorTests
{
    private const string UsageLine = "usage: rhythm";

    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        File.WriteAllText(_folder.File("jobs.json"), """
            { "groups": [ { "name": "g", "every": "10m", "steps": [ { "name": "s", "run": "builtin:health" } ] } ] }
            """);
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task CommandLine_UnknownOptionLast_IsNamedAsUnknownNotAsMissingItsValue()
    {
        var typo = await RhythmProgram.RunAsync(_folder.Path, "validate", "--jobs", "jobs.json", "--josn");
        var missing = await RhythmProgram.RunAsync(_folder.Path, "validate", "--jobs");

        Assert.Multiple(() =>
        {
            Assert.That(typo.ExitCode, Is.EqualTo(2));
            Assert.That(typo.Error, Does.Contain("rhythm: 'validate' does not take --josn"));
            Assert.That(missing.ExitCode, Is.EqualTo(2));
            Assert.That(missing.Error, Does.Contain("rhythm: option --jobs needs a value"));
        });
    }

    [Test]
    public async Task Validate_StepsSureToFailHere_AreWarnedAboutButTheFileIsValid()
    {
        File.WriteAllText(_folder.File("jobs.json"), """
            { "groups": [ { "name": "g", "every": "10m", "steps": [
                { "name": "missing", "run": "scripts/nothere.py" },
                { "name": "nowhere", "run": "builtin:health", "cwd": "nodir" },
                { "name": "elsewhere", "run": "sh", "cwd": "nodir" },
                { "name": "fine", "run": "sh" } ] } ] }
            """);

        var (exitCode, output, error) = await RhythmProgram.RunAsync(_folder.Path, "validate", "--jobs", "jobs.json");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, error);
            Assert.That(output, Does.Contain("is valid"));
            Assert.That(error, Does.Contain("group 'g', step 'missing', field 'run': not found: " + _folder.File("scripts/nothere.py")));
            Assert.That(error, Does.Contain("group 'g', step 'elsewhere', field 'cwd': working directory not found: " + _folder.File("nodir")));
            Assert.That(error, Does.Not.Contain("step 'fine'").And.Not.Contain("step 'nowhere'"), "a built-in has no program to find");
            Assert.That(error, Does.Contain("2 steps are sure to fail until that is fixed"));
        });
    }

    [Test]
    public async Task Simulate_CsvWithOutOfRangeAndMalformedRows_NamesEachLineAndFieldWithoutUsage()
    {
        File.WriteAllText(_folder.File("load.csv"), "time,cpu,memory\n00:00,150,40\n01:00,-50,400\n02:00,abc,40\n0x:00,10,10\n03:00,10\n04:00,20,30\n");

        var (exitCode, output, error) = await RhythmProgram.RunAsync(_folder.Path, "simulate", "--jobs", "jobs.json", "--load", "load.csv", "--hours", "1");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.Contain("load.csv: line 2: cpu 150 is outside 0 to 100"));
            Assert.That(error, Does.Contain("load.csv: line 3: cpu -50 is outside 0 to 100; write a percentage from 0 to 100; memory 400 is outside 0 to 100"));
            Assert.That(error, Does.Contain("load.csv: line 4: cpu 'abc' is not a number"));
            Assert.That(error, Does.Contain("load.csv: line 5: time '0x:00' is neither a time of day (HH:mm"));
            Assert.That(error, Does.Contain("load.csv: line 6: expected 3 fields, time,cpu,memory, found 2: '03:00,10'"));
            Assert.That(error, Does.Not.Contain("line 7"));
            Assert.That(error, Does.Not.Contain(UsageLine), "the command line was right; the file was not");
        });
    }

    [Test]
    public async Task Simulate_LoadNeitherProfileNorFile_StillPrintsUsage()
    {
        var (exitCode, _, error) = await RhythmProgram.RunAsync(_folder.Path, "simulate", "--jobs", "jobs.json", "--load", "no-such.csv");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error, Does.Contain("'no-such.csv' is neither"));
            Assert.That(error, Does.Contain(UsageLine));
        });
    }

    [TestCase("0s")]
    [TestCase("0m")]
    [TestCase("0.0h")]
    public async Task Metrics_SinceZero_SaysZeroIsTheProblem(string since)
    {
        var (exitCode, _, error) = await RhythmProgram.RunAsync(_folder.Path, "metrics", "--jobs", "jobs.json", "--since", since);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error, Does.StartWith($"rhythm: --since must be longer than zero: it is how far back to look, such as 30m, 1h or 7d, not '{since}'"));
        });
    }

    [Test]
    public async Task Metrics_SinceNotADuration_KeepsTheGeneralMessage()
    {
        var (_, _, error) = await RhythmProgram.RunAsync(_folder.Path, "metrics", "--jobs", "jobs.json", "--since", "soon");

        Assert.That(error, Does.StartWith("rhythm: --since takes a duration such as 30m, 1h or 7d, not 'soon'"));
    }

    [Test]
    public async Task Metrics_NoSamples_SaysSoInsteadOfAnEmptyTable()
    {
        var (exitCode, output, _) = await RhythmProgram.RunAsync(_folder.Path, "metrics", "--jobs", "jobs.json", "--since", "30m");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(output, Does.StartWith("no load samples since "));
            Assert.That(output, Does.Contain($"(store {_folder.File("rhythm.db")} does not exist yet); a running host records one every 15s"));
            Assert.That(output, Does.Not.Contain("SMOOTH CPU%"));
        });
    }

    [Test]
    public async Task Metrics_NoSamplesAsJsonOrCsv_StaysWellFormed()
    {
        var json = await RhythmProgram.RunAsync(_folder.Path, "metrics", "--jobs", "jobs.json", "--json");
        var csv = await RhythmProgram.RunAsync(_folder.Path, "metrics", "--jobs", "jobs.json", "--csv");

        Assert.Multiple(() =>
        {
            Assert.That(json.Output.Trim(), Is.EqualTo("[]"));
            Assert.That(csv.Output.Trim(), Is.EqualTo("at,cpu,memory,smoothedCpu,smoothedMemory,band,factor"));
        });
    }
}
