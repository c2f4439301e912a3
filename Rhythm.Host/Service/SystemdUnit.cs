using System.Globalization;
using System.Text;
using Rhythm.Model;

namespace Rhythm.Host.Service;

/// <summary>The systemd unit for a <see cref="ServiceDefinition"/>, in the shape of <c>deploy/rhythm.service</c>.</summary>
internal static class SystemdUnit
{
    public const string Folder = "/etc/systemd/system";

    public static string PathFor(string name) => $"{Folder}/{name}.service";

    public static string Render(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var seconds = ((int)Math.Ceiling(service.StopTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder()
            .AppendLine("# Written by 'rhythm install'; 'rhythm uninstall' removes it.")
            .AppendLine("[Unit]")
            .AppendLine($"Description=Rhythm job orchestration for {Escape(service.JobsPath)}")
            .AppendLine("After=network-online.target")
            .AppendLine("Wants=network-online.target")
            .AppendLine()
            .AppendLine("[Service]")
            .AppendLine("Type=notify")
            .AppendLine($"User={service.User}")
            .AppendLine($"WorkingDirectory={Escape(service.WorkingDirectory)}")
            .AppendLine($"ExecStart={string.Join(' ', service.CommandLine.Select(Quote))}")
            .AppendLine("Restart=on-failure")
            .AppendLine("RestartSec=5")
            .AppendLine("# Exit code 2 is an invalid jobs.json: restarting cannot fix it, so do not loop on it.")
            .AppendLine("RestartPreventExitStatus=2")
            .AppendLine("# SIGTERM goes to the host only; it stops running steps itself, giving them rhythm.gracePeriod.")
            .AppendLine("KillMode=mixed")
            .AppendLine($"# rhythm.gracePeriod ({Durations.Format(service.StopTimeout - ServiceDefinition.StopMargin)}) for running steps, then {Durations.Format(ServiceDefinition.StopMargin)} for the host to kill and reap them and close the store.")
            .AppendLine($"TimeoutStopSec={seconds}")
            .AppendLine("# The console log goes to the journal; the rolling file is logs/rhythm.log beside jobs.json.")
            .AppendLine("StandardOutput=journal")
            .AppendLine("StandardError=journal")
            .AppendLine($"SyslogIdentifier={service.Name}")
            .AppendLine("NoNewPrivileges=true")
            .AppendLine()
            .AppendLine("[Install]")
            .AppendLine("WantedBy=multi-user.target");
        return text.ToString();
    }

    /// <summary>The <c>User=</c> of a unit's text, or <see langword="null"/> when it has none (it runs as root).</summary>
    public static string? UserOf(string unitText)
    {
        ArgumentNullException.ThrowIfNull(unitText);
        return unitText.ReplaceLineEndings("\n").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("User=", StringComparison.Ordinal))
            .Select(line => line["User=".Length..].Trim())
            .LastOrDefault(user => user.Length > 0);
    }

    /// <summary>One ExecStart word: quoted when it holds a space or a quote, with systemd's specifiers and variables escaped.</summary>
    internal static string Quote(string word)
    {
        var escaped = Escape(word).Replace("$", "$$", StringComparison.Ordinal);
        return escaped.Length > 0 && !escaped.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';')
            ? escaped
            : "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>systemd expands <c>%x</c> specifiers in most settings; a literal percent sign is written twice.</summary>
    private static string Escape(string value) => value.Replace("%", "%%", StringComparison.Ordinal);
}
