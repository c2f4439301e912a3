using Rhythm.History;
using Rhythm.Host.Commands;
using Rhythm.Simulation;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Simulation;

/// <summary>Reading <c>--load FILE.csv</c>, and naming the store's history when that is what is replayed.</summary>
[TestFixture]
internal sealed class LoadProfileCsvTests : TempFolderFixture
{
    private static readonly DateTimeOffset Midnight = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private LoadProfile Read(string csv)
    {
        var path = Folder.File("load.csv");
        File.WriteAllText(path, csv);
        return LoadProfile.FromCsv(path, TimeZoneInfo.Utc);
    }

    private string ReadError(string csv) => Assert.Throws<FormatException>(() => Read(csv))!.Message;

    [TestCase("00:00,150,40", "line 1: cpu 150 is outside 0 to 100")]
    [TestCase("00:00,40,100.5", "line 1: memory 100.5 is outside 0 to 100")]
    [TestCase("00:00,-0.1,40", "line 1: cpu -0.1 is outside 0 to 100")]
    [TestCase("00:00,NaN,40", "line 1: cpu NaN is outside 0 to 100")]
    [TestCase("time,cpu,memory\n00:00,-50,400", "line 2: cpu -50 is outside 0 to 100; write a percentage from 0 to 100; memory 400 is outside 0 to 100")]
    public void FromCsv_PercentOutsideTheRange_IsRefusedNamingLineAndColumn(string csv, string expected)
    {
        Assert.That(ReadError(csv), Does.StartWith(Folder.File("load.csv") + ": " + expected));
    }

    [TestCase("time,cpu,memory\n00:00,4o,40", "line 2: cpu '4o' is not a number; write a percentage from 0 to 100, such as 45")]
    [TestCase("time,cpu,memory\n00:00,40,", "line 2: memory '' is not a number")]
    [TestCase("time,cpu,memory\n25:00,40,40", "line 2: time '25:00' is neither a time of day (HH:mm, such as 09:30) nor an ISO 8601 timestamp")]
    [TestCase("time,cpu,memory\n00:00;40;40", "line 2: expected 3 fields, time,cpu,memory, found 1: '00:00;40;40'")]
    [TestCase("time,cpu,memory\n00:00,40,40,1", "line 2: expected 3 fields, time,cpu,memory, found 4")]
    public void FromCsv_MalformedRow_SaysWhichFieldIsWrong(string csv, string expected)
    {
        Assert.That(ReadError(csv), Does.StartWith(Folder.File("load.csv") + ": " + expected));
    }

    [Test]
    public void FromCsv_SeveralWrongRows_ListsEveryOne()
    {
        var message = ReadError("time,cpu,memory\n00:00,150,40\n01:00,20,30\n02:00,20,x\n");

        Assert.That(message.Split('\n'), Has.Length.EqualTo(2).And.Some.Contains("line 2").And.Some.Contains("line 4"));
    }

    [Test]
    public void FromCsv_HeaderAfterComments_IsSkipped()
    {
        var profile = Read("# recorded on the build server\ntime,cpu,memory\n00:00,0,100\n12:00,100,0\n");

        Assert.Multiple(() =>
        {
            Assert.That(profile.At(Midnight.AddHours(1)), Is.EqualTo((0.0, 100.0)));
            Assert.That(profile.At(Midnight.AddHours(13)), Is.EqualTo((100.0, 0.0)));
        });
    }

    [Test]
    public void HistoryName_AFewMinutesOfHistory_SaysHowLittleAndWhere()
    {
        var now = Midnight.AddHours(21).AddMinutes(32);
        var since = now.AddDays(-1);
        var history = Enumerable.Range(0, 9).Select(i => Point(Midnight.AddHours(21).AddMinutes(30).AddSeconds(15 * i))).ToList();

        var name = SimulateCommand.HistoryName(history, since, now, TimeSpan.FromHours(24), TimeSpan.FromSeconds(15), TimeZoneInfo.Utc);

        Assert.That(name, Is.EqualTo(
            "the store's load history: only 2m of the last 24 h (9 samples from 21:30 to 21:32), replayed 23h58m into the timeline; "
            + "the first sample's load stands in before it and the last one's after"));
    }

    [Test]
    public void HistoryName_AWholeDay_SaysItIsReplayed()
    {
        var now = Midnight.AddDays(1);
        var history = Enumerable.Range(0, 24 * 60).Select(i => Point(Midnight.AddMinutes(i))).ToList();

        var day = SimulateCommand.HistoryName(history, Midnight, now, TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);
        var longer = SimulateCommand.HistoryName(history, Midnight, now, TimeSpan.FromHours(48), TimeSpan.FromMinutes(1), TimeZoneInfo.Utc);

        Assert.Multiple(() =>
        {
            Assert.That(day, Is.EqualTo("the store's last 24 h of load, 1440 samples from 00:00 to 23:59, replayed"));
            Assert.That(longer, Does.EndWith("replayed; after that day the last sample's load holds"));
        });
    }

    [Test]
    public void HistoryName_OneSample_SaysItStandsInForEverything()
    {
        var name = SimulateCommand.HistoryName([Point(Midnight.AddHours(3))], Midnight, Midnight.AddDays(1), TimeSpan.FromHours(24), TimeSpan.FromSeconds(15), TimeZoneInfo.Utc);

        Assert.That(name, Is.EqualTo("the store's load history: only 1 sample, at 03:00, whose load stands in for the whole timeline"));
    }

    private static MetricPoint Point(DateTimeOffset at) => new()
    {
        At = at,
        Cpu = 30,
        Memory = 40,
        SmoothedCpu = 30,
        SmoothedMemory = 40,
        Band = "normal",
        Factor = 1,
    };
}
