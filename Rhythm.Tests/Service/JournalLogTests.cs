using NLog;
using NLog.Targets;
using Rhythm.Host.Logging;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Service;

/// <summary>The console log as the journal gets it under systemd, against the file log that keeps its full lines.</summary>
[TestFixture]
[NonParallelizable]
internal sealed class JournalLogTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown()
    {
        LogManager.Configuration = null;
        _folder.Dispose();
    }

    [TestCase("Fatal", "<2>FATAL")]
    [TestCase("Error", "<3>ERROR")]
    [TestCase("Warn", "<4>WARN ")]
    [TestCase("Info", "<6>INFO ")]
    [TestCase("Debug", "<7>DEBUG")]
    public void ToJournal_ConsoleLinesStartWithTheSyslogPriorityOfTheirLevel(string level, string start)
    {
        var line = ConsoleLine(toJournal: true, LogLevel.FromString(level));

        Assert.That(line, Does.StartWith(start + " Rhythm.Test"));
        Assert.That(line, Does.EndWith("the message"));
    }

    [Test]
    public void ToJournal_TheFileKeepsItsTimestampedLines()
    {
        var configuration = NLogSetup.Configure(_folder.Path, toJournal: true);

        var line = configuration.FindTargetByName<FileTarget>("file")!.Layout.Render(Event(LogLevel.Warn));

        Assert.That(line, Does.Match(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{4} WARN  Rhythm\.Test +the message$"));
    }

    [Test]
    public void NotToJournal_TheConsoleHasTheFileLine()
        => Assert.That(ConsoleLine(toJournal: false, LogLevel.Warn), Does.Match(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{4} WARN  Rhythm\.Test +the message$"));

    [TestCase("8:4242", "socket:[4242]", true)]
    [TestCase("8:4242", "socket:[424]", false)]
    [TestCase("8:4242", "/var/log/rhythm.out", false)]
    [TestCase("8:4242", null, false)]
    [TestCase("4242", "socket:[4242]", false)]
    [TestCase("8:", "socket:[]", false)]
    public void IsStream_OnlyTheSocketJournalStreamNames(string journalStream, string? stdoutLink, bool expected)
        => Assert.That(NLogSetup.IsStream(journalStream, stdoutLink), Is.EqualTo(expected));

    private string ConsoleLine(bool toJournal, LogLevel level)
        => NLogSetup.Configure(_folder.Path, toJournal).FindTargetByName<ConsoleTarget>("console")!.Layout.Render(Event(level));

    private static LogEventInfo Event(LogLevel level) => new(level, "Rhythm.Test", "the message");
}
