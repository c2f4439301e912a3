using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace Rhythm.WindowsProbe;

/// <summary>
/// Stand-ins for the programs a step runs, built for win-x64 so that the Windows paths of the host can be exercised
/// (see deploy/check-windows-on-wine.sh): a process tree that outlives its root's caller, a busy loop, and the raw
/// kernel32 readings the load sampler works from, and the access rules of a file.
/// </summary>
[SupportedOSPlatform("windows")]
internal static partial class Program
{
    public static int Main(string[] args)
    {
        var verb = args.FirstOrDefault();
        var seconds = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var given) ? given : 0;
        var mark = args.Length > 2 ? args[2] : "probe";
        switch (verb)
        {
            // The step's own process: starts a child that starts a grandchild, then waits (or exits at once with 0 seconds).
            case "tree":
                Start("child", seconds == 0 ? 300 : seconds, mark);
                Console.WriteLine($"tree {mark}: root {Environment.ProcessId} started its child");
                Thread.Sleep(TimeSpan.FromSeconds(seconds));
                return 0;
            case "child":
                Start("sleep", seconds, mark);
                Thread.Sleep(TimeSpan.FromSeconds(seconds));
                return 0;
            case "sleep":
                Thread.Sleep(TimeSpan.FromSeconds(seconds));
                return 0;

            // A step that takes Ctrl+C as its cue to finish (as a console program's SIGTERM handler would), and
            // starts a child that does the same on the same console.
            case "polite":
                Start("polite-child", seconds, mark);
                return AwaitInterrupt("polite", seconds, mark, finish: true);
            case "polite-child":
                return AwaitInterrupt("polite-child", seconds, mark, finish: true);

            // A step that shrugs Ctrl+C off and keeps going.
            case "stubborn":
                return AwaitInterrupt("stubborn", seconds, mark, finish: false);
            case "busy":
                var until = Stopwatch.StartNew();
                Parallel.For(0, Environment.ProcessorCount, _ =>
                {
                    var x = 0UL;
                    while (until.Elapsed.TotalSeconds < seconds)
                    {
                        x++;
                    }

                    GC.KeepAlive(x);
                });
                return 0;
            case "times":
                GetSystemTimes(out var idle, out var kernel, out var user);
                Console.WriteLine($"idle {idle} kernel {kernel} user {user}");
                return 0;
            case "acl" when args.Length > 1:
                PrintRules(args[1]);
                return 0;
            default:
                Console.Error.WriteLine("usage: rhythm-probe tree|child|sleep|polite|stubborn|busy SECONDS [MARK] | times | acl FILE");
                return 2;
        }
    }

    /// <summary>Sleeps; on Ctrl+C says so, then exits 0 half a second later (<paramref name="finish"/>) or sleeps on.</summary>
    private static int AwaitInterrupt(string verb, int seconds, string mark, bool finish)
    {
        using var interrupted = new ManualResetEventSlim();
        Console.CancelKeyPress += (_, e) =>
        {
            Console.WriteLine(finish ? $"{mark}: {verb} got Ctrl+C, finishing" : $"{mark}: {verb} got Ctrl+C, ignoring it");
            e.Cancel = true;
            if (finish)
            {
                interrupted.Set();
            }
        };
        Console.WriteLine($"{mark}: {verb} {Environment.ProcessId} waiting");
        if (interrupted.Wait(TimeSpan.FromSeconds(seconds)))
        {
            Thread.Sleep(500);
        }

        return 0;
    }

    /// <summary>Prints the file's owner, access rules and whether it inherits any, for the script to check.</summary>
    private static void PrintRules(string path)
    {
        var security = new FileInfo(path).GetAccessControl();
        var rules = security.GetAccessRules(includeExplicit: true, includeInherited: true, typeof(SecurityIdentifier))
            .Cast<FileSystemAccessRule>().ToList();
        using var identity = WindowsIdentity.GetCurrent();
        Console.WriteLine($"sddl {security.GetSecurityDescriptorSddlForm(AccessControlSections.Owner | AccessControlSections.Access)}");
        Console.WriteLine($"current user {identity.User}; inheritance blocked: {security.AreAccessRulesProtected}");
        foreach (var rule in rules)
        {
            Console.WriteLine($"rule {rule.AccessControlType} {rule.IdentityReference} {rule.FileSystemRights}{(rule.IsInherited ? " (inherited)" : string.Empty)}");
        }
    }

    private static void Start(string verb, int seconds, string mark)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        info.ArgumentList.Add(verb);
        info.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(mark);
        using var process = Process.Start(info)!;
    }

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetSystemTimes(out ulong idle, out ulong kernel, out ulong user);
}
