using Rhythm.Host.Control;
using Rhythm.Host.Service;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Service;

/// <summary><c>rhythm install --print</c> and <c>uninstall --print</c> on the real program, and the unit text itself.</summary>
[TestFixture]
internal sealed class InstallCommandTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        File.WriteAllText(_folder.File("jobs.json"), """
            {
              "rhythm": { "gracePeriod": "20s" },
              "groups": [ { "name": "health", "every": "10m", "steps": [ { "name": "h", "run": "builtin:health" } ] } ]
            }
            """);
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    [Platform("Linux")]
    public async Task InstallPrint_OnLinux_PrintsTheUnitAndInstallsNothing()
    {
        var (exitCode, output, error) = await RhythmProgram.RunAsync(_folder.Path, "install", "--print", "--user", "svc-rhythm", "--jobs", "jobs.json");

        Assert.That(exitCode, Is.Zero, error);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var dll = RhythmProgram.ProgramPath;
        Assert.Multiple(() =>
        {
            Assert.That(lines, Does.Contain("[Service]"));
            Assert.That(lines, Does.Contain("Type=notify"));
            Assert.That(lines, Does.Contain("User=svc-rhythm"));
            Assert.That(lines, Does.Contain($"WorkingDirectory={_folder.Path}"));
            Assert.That(lines.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal)),
                Does.Match($"^ExecStart=/\\S*dotnet {Escape(dll)} run --jobs {Escape(_folder.File("jobs.json"))}$"));
            Assert.That(lines, Does.Contain("Restart=on-failure"));
            Assert.That(lines, Does.Contain("RestartPreventExitStatus=2"));
            Assert.That(lines, Does.Contain("KillMode=mixed"));
            Assert.That(lines, Does.Contain("TimeoutStopSec=50"), "gracePeriod 20 s plus 30 s");
            Assert.That(lines, Does.Contain("StandardOutput=journal"));
            Assert.That(lines, Does.Contain("StandardError=journal"));
            Assert.That(lines, Does.Contain("WantedBy=multi-user.target"));
        });
        Assert.That(File.Exists("/etc/systemd/system/rhythm.service") && File.ReadAllText("/etc/systemd/system/rhythm.service").Contains(_folder.Path, StringComparison.Ordinal),
            Is.False, "--print must not install");
    }

    [Test]
    [Platform("Linux")]
    public async Task InstallPrint_NoUser_RunsAsTheDedicatedRhythmUser()
    {
        var (exitCode, output, _) = await RhythmProgram.RunAsync(_folder.Path, "install", "--print", "--jobs", "jobs.json");

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain("\nUser=rhythm\n"));
    }

    [Test]
    [Platform("Linux")]
    public async Task UninstallPrint_OnLinux_ListsWhatItWouldRun()
    {
        var (exitCode, output, _) = await RhythmProgram.RunAsync(_folder.Path, "uninstall", "--print");

        Assert.That(exitCode, Is.Zero);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "systemctl disable --now rhythm.service",
            "rm /etc/systemd/system/rhythm.service",
            "systemctl daemon-reload",
        }));
    }

    [Test]
    public async Task Install_BadUserName_IsAUsageError()
    {
        var (exitCode, _, error) = await RhythmProgram.RunAsync(_folder.Path, "install", "--print", "--user", "Bad User", "--jobs", "jobs.json");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--user"));
    }

    [Test]
    public async Task Install_InvalidJobsFile_ExitsTwoWithTheProblems()
    {
        File.WriteAllText(_folder.File("bad.json"), """{ "groups": [ { "name": "a", "every": "soon", "steps": [] } ] }""");

        var (exitCode, _, error) = await RhythmProgram.RunAsync(_folder.Path, "install", "--print", "--jobs", "bad.json");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("bad.json"));
    }

    [Test]
    public void Render_PathsWithSpacesAndSpecifiers_AreQuotedAndEscapedForSystemd()
    {
        var service = new ServiceDefinition("rhythm", ["/opt/my rhythm/rhythm"], "/srv/100%/jobs $HOME.json", "rhythm", TimeSpan.FromSeconds(40));

        var unit = SystemdUnit.Render(service);

        Assert.That(unit, Does.Contain("ExecStart=\"/opt/my rhythm/rhythm\" run --jobs \"/srv/100%%/jobs $$HOME.json\"\n"));
        Assert.That(unit, Does.Contain("WorkingDirectory=/srv/100%%\n"));
        Assert.That(unit, Does.Contain("TimeoutStopSec=40\n"));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void InstallSteps_RestartRatherThanEnableNow_SoThatInstallingAgainAppliesTheNewUnitToARunningService()
    {
        var steps = SystemdService.InstallSteps("rhythm").Select(s => string.Join(' ', s));

        Assert.That(steps, Is.EqualTo(new[] { "daemon-reload", "enable rhythm.service", "restart rhythm.service" }));
    }

    [Test]
    public void UserOf_TheRenderedUnit_IsTheUserItRunsAs()
    {
        var service = new ServiceDefinition("rhythm", ["/opt/rhythm/rhythm"], "/etc/rhythm/jobs.json", "svc-rhythm", TimeSpan.FromSeconds(40));

        Assert.That(SystemdUnit.UserOf(SystemdUnit.Render(service).ReplaceLineEndings("\r\n")), Is.EqualTo("svc-rhythm"));
    }

    [Test]
    public void UserOf_AUnitWithoutUser_IsNull()
        => Assert.That(SystemdUnit.UserOf("[Service]\nExecStart=/opt/rhythm/rhythm run\n# User=commented\n"), Is.Null);

    [Test]
    public void WindowsCommands_PathsWithSpaces_QuoteInsideBinPathAndRestartOnFailure()
    {
        var service = new ServiceDefinition("rhythm", [@"C:\Program Files\Rhythm\rhythm.exe"], @"C:\Rhythm Jobs\jobs.json", @"NT SERVICE\rhythm", TimeSpan.FromSeconds(40));

        var commands = WindowsService.InstallCommands(service).Select(c => c.ToList()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(commands[0], Is.EqualTo(new[]
            {
                "sc.exe", "create", "rhythm",
                "binPath=", @"""C:\Program Files\Rhythm\rhythm.exe"" run --jobs ""C:\Rhythm Jobs\jobs.json""",
                "start=", "auto", "obj=", @"NT SERVICE\rhythm", "DisplayName=", "Rhythm",
            }));
            Assert.That(commands.Select(c => c[0] == "sc.exe" ? c[1] : c[0]), Is.EqualTo(new[] { "create", "description", "failure", "failureflag", "icacls", "icacls", "start" }));
            Assert.That(commands.Single(c => c[1] == "failure"), Does.Contain("restart/5000/restart/5000/restart/60000"));
            Assert.That(commands.Where(c => c[0] == "icacls"), Is.EqualTo(new[]
            {
                new[] { "icacls", service.WorkingDirectory, "/grant", @"NT SERVICE\rhythm:(OI)(CI)M" },
                new[] { "icacls", @"C:\Program Files\Rhythm", "/grant", @"NT SERVICE\rhythm:(OI)(CI)RX" },
            }));
        });
    }

    [TestCase("LocalSystem", "*S-1-5-18")]
    [TestCase(@"NT AUTHORITY\LocalService", "*S-1-5-19")]
    [TestCase(@"NT AUTHORITY\NetworkService", "*S-1-5-20")]
    [TestCase(@"NT SERVICE\rhythm", @"NT SERVICE\rhythm")]
    public void WindowsCommands_BuiltInServiceAccounts_AreGrantedTheFolderBySid(string user, string grantee)
    {
        var service = new ServiceDefinition("rhythm", [@"C:\Rhythm\rhythm.exe"], @"C:\Jobs\jobs.json", user, TimeSpan.FromSeconds(40));

        var commands = WindowsService.InstallCommands(service);

        Assert.Multiple(() =>
        {
            Assert.That(commands.Where(c => c[0] == "icacls").Select(c => c[3]), Is.EqualTo(new[] { $"{grantee}:(OI)(CI)M", $"{grantee}:(OI)(CI)RX" }));
            Assert.That(commands.Single(c => c[1] == "create"), Does.Contain(user), "sc.exe takes the service manager's own name");
        });
    }

    [Test]
    public void WindowsInstall_RefinementRefused_WarnsAndStillGrantsAndStarts()
    {
        var manager = new FakeServiceManager { Refuse = "failureflag", OnStart = () => Announce(DateTimeOffset.UtcNow) };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = WindowsService.Install(WindowsDefinition(), manager, output, error);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, error.ToString());
            Assert.That(error.ToString(), Does.Contain("warning: sc.exe failureflag failed (1)"));
            Assert.That(manager.Calls, Is.EqualTo(new[] { "create", "description", "failure", "failureflag", "icacls", "icacls", "start", "wait Running" }));
            Assert.That(output.ToString(), Does.Contain("installed and running"));
        });
    }

    [Test]
    public void WindowsInstall_GrantFails_DoesNotStartAndSaysHowToTryAgain()
    {
        var manager = new FakeServiceManager { Refuse = "icacls" };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = WindowsService.Install(WindowsDefinition(), manager, output, error);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(manager.Calls, Does.Not.Contain("start"));
            Assert.That(error.ToString(), Does.Contain("icacls").And.Contain("run 'rhythm uninstall' before installing again"));
        });
    }

    [Test]
    public void WindowsInstall_ServiceStopsAgainAtOnce_IsAFailure()
    {
        var manager = new FakeServiceManager { WaitResult = "it stopped again at once" };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = WindowsService.Install(WindowsDefinition(), manager, output, error);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.Contain("did not start: it stopped again at once"));
            Assert.That(output.ToString(), Does.Not.Contain("installed and running"));
        });
    }

    [Test]
    public void WindowsInstall_ServiceReportsRunningButStopsBeforeItsScheduleRuns_IsAFailure()
    {
        // What an earlier host left behind must not pass for the new one.
        Announce(DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        var manager = new FakeServiceManager { StopsAgain = true };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = WindowsService.Install(WindowsDefinition(), manager, output, error);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.Contain("did not start: it stopped again before its schedule ran")
                .And.Contain("run 'rhythm uninstall' before installing again"));
            Assert.That(output.ToString(), Does.Not.Contain("installed and running"));
        });
    }

    [Test]
    public void WindowsUninstall_WaitsForTheStopBeforeDeleting()
    {
        var manager = new FakeServiceManager();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = WindowsService.Uninstall("rhythm", manager, output, error);

        Assert.That(exitCode, Is.Zero, error.ToString());
        Assert.That(manager.Calls, Is.EqualTo(new[] { "stop", "wait Stopped", "delete" }));
    }

    [Test]
    public void WindowsUninstall_AlreadyStopped_DeletesWithoutWaiting()
    {
        var manager = new FakeServiceManager { Refuse = "stop" };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = WindowsService.Uninstall("rhythm", manager, output, error);

        Assert.That(exitCode, Is.Zero, error.ToString());
        Assert.That(manager.Calls, Is.EqualTo(new[] { "stop", "delete" }));
    }

    /// <summary>A service on the test's jobs.json, whose announcement the fake host writes once started.</summary>
    private ServiceDefinition WindowsDefinition()
        => new("rhythm", [@"C:\Rhythm\rhythm.exe"], _folder.File("jobs.json"), @"NT SERVICE\rhythm", TimeSpan.FromSeconds(40));

    private void Announce(DateTimeOffset startedAt)
    {
        var jobs = _folder.File("jobs.json");
        ControlFiles.WriteAnnouncement(ControlFiles.AnnouncementPath(jobs),
            new ControlAnnouncement(4242, "http://127.0.0.1:1", 1, startedAt, jobs, _folder.File("rhythm.db"), ControlFiles.TokenPath(jobs)));
    }

    private static string Escape(string path) => System.Text.RegularExpressions.Regex.Escape(path);

    /// <summary>Records what install and uninstall ask of Windows; the command named in <see cref="Refuse"/> exits 1.</summary>
    private sealed class FakeServiceManager : IServiceManager
    {
        public List<string> Calls { get; } = [];

        public string? Refuse { get; init; }

        public string? WaitResult { get; init; }

        /// <summary>What the service does once started (writes its announcement, or not).</summary>
        public Action? OnStart { get; init; }

        /// <summary>Whether the service has stopped again by the time install looks.</summary>
        public bool StopsAgain { get; init; }

        public (int ExitCode, string Output) Run(TextWriter log, string program, string[] arguments)
        {
            var name = program == "sc.exe" ? arguments[0] : program;
            Calls.Add(name);
            if (name == Refuse)
            {
                return (1, "refused");
            }

            if (name == "start")
            {
                OnStart?.Invoke();
            }

            return (0, string.Empty);
        }

        public bool IsStopped(string name) => StopsAgain;

        public string? WaitFor(string name, ServiceState wanted, TimeSpan limit)
        {
            Calls.Add($"wait {wanted}");
            return WaitResult;
        }
    }
}
