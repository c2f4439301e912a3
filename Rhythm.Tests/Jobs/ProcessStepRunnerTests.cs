using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rhythm.Jobs.Processes;
using Rhythm.Model;
using Rhythm.Steps;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Jobs;

[Platform(Include = "Linux")]
public sealed class ProcessStepRunnerTests
{
    private TempFolder _folder = null!;
    private CapturingLogger _logger = null!;
    private RecordingProcessLedger _ledger = null!;
    private ProcessStepRunner _runner = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _logger = new CapturingLogger();
        _ledger = new RecordingProcessLedger();
        _runner = new ProcessStepRunner(new ProcessTracker(), _ledger, TimeProvider.System);
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [TestCase(0, new[] { 0 }, StepStatus.Succeeded, null)]
    [TestCase(3, new[] { 0, 3 }, StepStatus.Succeeded, null)]
    [TestCase(1, new[] { 0 }, StepStatus.Failed, "exited with code 1")]
    public async Task Execute_ExitCode_MapsToStatusThroughSuccessCodes(int code, int[] successCodes, StepStatus status, string? message)
    {
        var step = FixtureStep("exit-with.sh", [code.ToString(System.Globalization.CultureInfo.InvariantCulture)]) with { SuccessCodes = successCodes };

        var outcome = await RunAsync(step);

        Assert.That(outcome.Status, Is.EqualTo(status));
        Assert.That(outcome.ExitCode, Is.EqualTo(code));
        Assert.That(outcome.Message, Is.EqualTo(message));
        Assert.That(outcome.OutputTail, Is.EqualTo($"exiting with {code}"));
    }

    [Test]
    public async Task Execute_ArgumentsWithShellSyntax_ArriveVerbatim()
    {
        var marker = _folder.File("shell-ran");
        string[] args = ["two words", "\"double\"", "'single'", $"$(touch {marker})", "`touch " + marker + "`", "*", "$HOME",
            "a;b|c&d > x", "", "tab\there", "ünïcødé"];

        var outcome = await RunAsync(FixtureStep("print-args.sh", args));

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.OutputTail!.Split('\n'), Is.EqualTo(args.Select(a => $"<{a}>")));
        Assert.That(File.Exists(marker), Is.False, "an argument was run by a shell");
    }

    [Test]
    public async Task Execute_StdoutAndStderr_LoggedAsInformationAndWarning()
    {
        _folder.Write("both.sh", "echo out line\necho err line >&2\n");

        await RunAsync(Step("both.sh"));

        Assert.That(_logger.Contains(LogLevel.Information, "out line"), Is.True);
        Assert.That(_logger.Contains(LogLevel.Warning, "err line"), Is.True);
    }

    [Test]
    public async Task Execute_PowerShellScriptWithoutPowerShell_FailsNamingWhatWasLookedFor()
    {
        _folder.Write("hello.ps1", "Write-Output hello");
        var step = Step("hello.ps1") with { Env = new Dictionary<string, string> { ["PATH"] = _folder.File("empty-bin") } };

        var outcome = await RunAsync(step);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Is.EqualTo("no PowerShell found for hello.ps1: looked for pwsh, powershell on PATH"));
        Assert.That(_ledger.Added, Is.Empty);
    }

    [Test]
    public async Task Execute_PythonScriptWithoutAnyPython_FailsNamingWhatWasLookedFor()
    {
        _folder.Write("scripts/trend.py", "print('hi')");
        var step = Step("scripts/trend.py") with { Env = new Dictionary<string, string> { ["PATH"] = "/nonexistent" } };

        var outcome = await RunAsync(step);

        Assert.That(outcome.Message, Is.EqualTo("no Python interpreter found for scripts/trend.py: looked for .venv, venv, python3, python on PATH"));
    }

    [Test]
    public async Task Execute_PythonScriptWithVenvBeside_UsesTheVenvInterpreter()
    {
        var script = _folder.Write("tools/report.py", "print('from system python')");
        _folder.Write("tools/.venv/bin/python", "#!/bin/sh\necho \"venv python: $*\"\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var outcome = await RunAsync(Step("tools/report.py", ["--days", "7"]));

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.OutputTail, Is.EqualTo($"venv python: {script} --days 7"));
    }

    [TestCase("hello.ps1", "pwsh", "-NoProfile -NonInteractive -File ")]
    [TestCase("hello.js", "node", "")]
    public async Task Execute_ScriptWithKnownExtension_RunsThroughItsInterpreterOnPath(string name, string interpreter, string flags)
    {
        var script = _folder.Write(name, "// the interpreter on PATH is a stand-in that prints its arguments");
        _folder.Write($"bin/{interpreter}", "#!/bin/sh\necho \"$0 $*\"\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var step = Step(name, ["a b", "c"]) with { Env = new Dictionary<string, string> { ["PATH"] = _folder.File("bin") } };

        var outcome = await RunAsync(step);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded), outcome.Message);
        Assert.That(outcome.OutputTail, Is.EqualTo($"{_folder.File($"bin/{interpreter}")} {flags}{script} a b c"));
    }

    [TestCase(new[] { "venv" }, "venv")]
    [TestCase(new[] { ".venv", "venv" }, ".venv")]
    public async Task Execute_PythonScriptWithVirtualEnvironments_UsesTheFirstOfDotVenvThenVenv(string[] present, string used)
    {
        var script = _folder.Write("tools/report.py", "print('from system python')");
        foreach (var venv in present)
        {
            _folder.Write($"tools/{venv}/bin/python", $"#!/bin/sh\necho \"{venv} python: $*\"\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var outcome = await RunAsync(Step("tools/report.py"));

        Assert.That(outcome.OutputTail, Is.EqualTo($"{used} python: {script}"));
    }

    [Test]
    public async Task Execute_MissingScript_FailsNamingTheResolvedPath()
    {
        var outcome = await RunAsync(Step("scripts/missing.py"));

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Failed));
        Assert.That(outcome.Message, Is.EqualTo($"not found: {_folder.File("scripts/missing.py")}"));
    }

    [Test]
    public async Task Execute_BareProgramName_IsFoundOnPath()
    {
        var outcome = await RunAsync(Step("echo", ["found", "on path"]));

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.OutputTail, Is.EqualTo("found on path"));
    }

    [Test]
    public async Task Execute_FileWithoutExecuteBitOrKnownExtension_FailsWithAHint()
    {
        var path = _folder.Write("tool", "#!/bin/sh\necho hi\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var outcome = await RunAsync(Step("tool"));

        Assert.That(outcome.Message, Does.StartWith($"{path} is not executable"));
    }

    [Test]
    public async Task Execute_DryRun_DescribesTheCommandAndStartsNothing()
    {
        var marker = _folder.File("ran");
        var script = _folder.Write("job.sh", $"touch {marker}\n");
        var bash = ExecutableSearch.Find("bash", Environment.GetEnvironmentVariable("PATH"));
        var context = StepContexts.For(Step("job.sh", ["a b", "c"]), _folder.Path, _logger, dryRun: true);

        var outcome = await _runner.ExecuteAsync(context, CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo($"would run: {bash} {script} \"a b\" c"));
        Assert.That(_logger.Contains(LogLevel.Information, outcome.Message!), Is.True);
        Assert.That(File.Exists(marker), Is.False);
        Assert.That(_ledger.Added, Is.Empty);
    }

    [Test]
    public async Task Execute_EnvWithReferences_ExpandsFromHostAndWarnsAboutUnknown()
    {
        var step = FixtureStep("print-env.sh") with
        {
            Env = new Dictionary<string, string>
            {
                ["GREETING"] = "hello ${RHYTHM_TEST_SURELY_UNSET}world",
                ["FROM_HOST"] = "${PATH}",
            },
        };

        var outcome = await RunAsync(step);

        Assert.That(outcome.OutputTail, Does.Contain("greeting=hello world\n"));
        Assert.That(outcome.OutputTail, Does.Contain($"from host={Environment.GetEnvironmentVariable("PATH")}\n"));
        Assert.That(_logger.Contains(LogLevel.Warning, "env GREETING: ${RHYTHM_TEST_SURELY_UNSET} is not set on this host; using an empty string"), Is.True);
    }

    [Test]
    public async Task Execute_SecretInEnv_IsMaskedInLogsAndTail()
    {
        const string secret = "s3cr3t-value";
        var step = FixtureStep("print-env.sh") with
        {
            Env = new Dictionary<string, string> { ["API_TOKEN"] = "s3cr3t-${RHYTHM_TEST_SURELY_UNSET}value" },
        };

        var outcome = await RunAsync(step);

        Assert.That(outcome.OutputTail, Does.Contain("token=***"));
        Assert.That(outcome.OutputTail, Does.Contain("token on stderr: ***"));
        Assert.That(outcome.OutputTail, Does.Not.Contain(secret));
        Assert.That(_logger.Contains(LogLevel.Information, "token=***"), Is.True);
        Assert.That(_logger.Contains(LogLevel.Warning, "token on stderr: ***"), Is.True);
        Assert.That(_logger.Messages.Where(m => m.Contains(secret, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task Execute_StepPrinting50000Lines_LogsTheFirstLinesAndCountsTheRest()
    {
        const string secret = "s3cr3t-value";
        var step = Step("sh", ["-c", "seq 1 50000; echo \"last token=$API_TOKEN\""]) with
        {
            Env = new Dictionary<string, string> { ["API_TOKEN"] = secret },
        };

        var outcome = await RunAsync(step);

        const int cap = OutputCapture.MaxLoggedLines;
        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        var logged = _logger.Entries.Where(e => e.Level >= LogLevel.Information).Select(e => e.Message).ToList();
        Assert.That(logged, Has.Count.LessThanOrEqualTo(cap + 2));
        Assert.That(logged.Take(cap), Is.EqualTo(Enumerable.Range(1, cap).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.That(logged.Skip(cap), Is.EqualTo(new[]
        {
            $"step output beyond {cap} lines is not logged; the last 8 KiB stay in the run's history",
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"step output lines not logged after the first {cap}: {50_001 - cap:N0}"),
        }));

        // The history's tail goes on past the cap, masked as ever.
        Assert.That(outcome.OutputTail, Does.EndWith("49999\n50000\nlast token=***"));
        Assert.That(outcome.OutputTail!, Has.Length.LessThanOrEqualTo(StepOutcome.MaxTailLength));
        Assert.That(outcome.OutputTail, Does.Not.Contain(secret));
    }

    [Test]
    public async Task Execute_EndlessPrintingLoopWithTimeout_LogsTheCapThenTimesOutWithTheCount()
    {
        var step = Step("sh", ["-c", "while true; do echo flooding; done"]) with { Timeout = TimeSpan.FromSeconds(1) };

        var outcome = await RunAsync(step);

        const int cap = OutputCapture.MaxLoggedLines;
        Assert.That(outcome.Status, Is.EqualTo(StepStatus.TimedOut));
        Assert.That(outcome.OutputTail, Does.EndWith("flooding"));
        var logged = _logger.Entries.Where(e => e.Level >= LogLevel.Information).Select(e => e.Message).ToList();
        Assert.That(logged, Has.Count.EqualTo(cap + 2));
        Assert.That(logged.Take(cap), Is.All.EqualTo("flooding"));
        Assert.That(logged[cap], Does.StartWith($"step output beyond {cap} lines is not logged"));
        Assert.That(logged[cap + 1], Does.StartWith($"step output lines not logged after the first {cap}: "));
    }

    [Test]
    public async Task Execute_StdoutAndStderr_ShareOneLineCap()
    {
        var step = Step("sh", ["-c", $"printf 'x\\n%.0s' $(seq 1 {OutputCapture.MaxLoggedLines}); echo one more >&2"]);

        var outcome = await RunAsync(step);

        // The two pipes are read side by side, so which of the 2,001 lines is the one left out depends on timing;
        // that exactly one is, across both, does not. Short lines keep all of them within the 8 KiB tail.
        var logged = _logger.Messages.Count(m => m is "one more" or "x");
        Assert.That(outcome.OutputTail, Does.Contain("one more"));
        Assert.That(logged, Is.EqualTo(OutputCapture.MaxLoggedLines));
        Assert.That(_logger.Contains(LogLevel.Warning, $"step output lines not logged after the first {OutputCapture.MaxLoggedLines}: 1"), Is.True);
    }

    [Test]
    public async Task Execute_SecretNamedVariableWithShortValue_IsNotMaskedAndNamedInAWarning()
    {
        var step = Step("sh", ["-c", "echo \"processed 100 items in 10s\""]) with
        {
            Env = new Dictionary<string, string> { ["SORT_KEY"] = "1" },
        };

        var outcome = await RunAsync(step);

        Assert.That(outcome.OutputTail, Is.EqualTo("processed 100 items in 10s"));
        Assert.That(_logger.Contains(LogLevel.Information, "processed 100 items in 10s"), Is.True);
        var warnings = _logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.That(warnings, Is.EqualTo(new[]
        {
            $"env SORT_KEY looks like a secret, but its value is shorter than {SecretRedactor.MinimumSecretLength} characters, too short to mask without mangling the output; it is not hidden",
        }));
        Assert.That(warnings[0], Does.Not.Contain("1"), "the warning must not show the value");
    }

    [TestCase("SORT_KEY", "abcd")]
    [TestCase("DB_PASS", "hunter2")]
    [TestCase("PASSPHRASE", "correct horse")]
    [TestCase("smtp_pass", "s3cr3t-value")]
    public async Task Execute_SecretNamedVariableOfFourOrMoreCharacters_IsMaskedInLogAndTail(string name, string value)
    {
        var step = Step("sh", ["-c", "printf 'value=%s\\n' \"$(printenv \"$1\")\"; printf 'on stderr: %s\\n' \"$(printenv \"$1\")\" >&2", "sh", name]) with
        {
            Env = new Dictionary<string, string> { [name] = value },
        };

        var outcome = await RunAsync(step);

        Assert.That(outcome.OutputTail, Does.Contain("value=***"));
        Assert.That(outcome.OutputTail, Does.Contain("on stderr: ***"));
        Assert.That(outcome.OutputTail, Does.Not.Contain(value));
        Assert.That(_logger.Contains(LogLevel.Information, "value=***"), Is.True);
        Assert.That(_logger.Contains(LogLevel.Warning, "on stderr: ***"), Is.True);
        Assert.That(_logger.Messages.Where(m => m.Contains(value, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task Execute_StepPrinting50Megabytes_KeepsOnlyABoundedTail()
    {
        var counting = new CountingLogger();
        var context = StepContexts.For(FixtureStep("flood.sh"), _folder.Path, counting);
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(5);
            }
        });

        var outcome = await _runner.ExecuteAsync(context, CancellationToken.None);
        await sampling.CancelAsync();
        await sampler;

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Succeeded));
        Assert.That(outcome.OutputTail!, Has.Length.LessThanOrEqualTo(StepOutcome.MaxTailLength));

        // The fixture's last 50 MB line is cut mid-way (50 characters) and continues with 5 MB of x.
        Assert.That(outcome.OutputTail, Does.EndWith($"xxxx ... [{5_000_050 - OutputCapture.MaxLineLength} more characters]\nEND"));
        // The log gets the first lines, the notice and the count of the rest; a few lines more are the runner's own.
        Assert.That(counting.Count, Is.InRange(OutputCapture.MaxLoggedLines + 2, OutputCapture.MaxLoggedLines + 10));

        // 50 MB of output is 100 MB as .NET strings; what stays alive must be a small fraction of that.
        Assert.That((peak - baseline) / (1024 * 1024), Is.LessThan(48), "managed heap grew with the output");
    }

    [Test]
    public async Task Execute_TokenAlreadyFired_StartsNothing()
    {
        var marker = _folder.File("ran");
        _folder.Write("job.sh", $"touch {marker}\n");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var outcome = await _runner.ExecuteAsync(StepContexts.For(Step("job.sh"), _folder.Path, _logger), cancelled.Token);

        Assert.That(outcome.Status, Is.EqualTo(StepStatus.Cancelled));
        Assert.That(File.Exists(marker), Is.False);
    }

    [Test]
    public async Task Execute_StartedProcess_IsRecordedInTheLedgerAndRemovedAfter()
    {
        var outcome = await RunAsync(FixtureStep("print-session.sh"));

        var record = _ledger.Added.Single();
        Assert.That(record.Group, Is.EqualTo(StepContexts.Group));
        Assert.That(record.Step, Is.EqualTo("print-session"));
        Assert.That(record.HostProcessId, Is.EqualTo(Environment.ProcessId));
        Assert.That(record.StartedAt, Is.GreaterThan(0));
        Assert.That(_ledger.List(), Is.Empty);

        // setsid ran the script in place: the pid .NET started is the script's, and it leads its own session.
        Assert.That(outcome.OutputTail, Is.EqualTo($"pid={record.ProcessId} session={record.ProcessId}"));
    }

    private async Task<StepOutcome> RunAsync(StepDefinition step) =>
        await _runner.ExecuteAsync(StepContexts.For(step, _folder.Path, _logger), CancellationToken.None);

    private static StepDefinition Step(string run, string[]? args = null) =>
        new() { Name = Path.GetFileNameWithoutExtension(run), Run = run, Args = args ?? [] };

    private static StepDefinition FixtureStep(string script, string[]? args = null) =>
        Step(Path.Combine(StepContexts.FixturesDirectory, script), args) with { Name = Path.GetFileNameWithoutExtension(script) };
}
