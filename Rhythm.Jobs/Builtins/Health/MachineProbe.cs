using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;

namespace Rhythm.Jobs.Builtins.Health;

/// <summary>Reads filesystems and the process count from the OS.</summary>
internal sealed class MachineProbe : IMachineProbe
{
    // Filesystems that are not disks (kernel views, memory) or whose size never changes (images), and network
    // filesystems, whose statfs can hang for minutes when the server is gone.
    private static readonly HashSet<string> SkippedTypes = new(StringComparer.Ordinal)
    {
        "proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "ramfs", "cgroup", "cgroup2", "securityfs", "debugfs", "tracefs",
        "pstore", "bpf", "mqueue", "hugetlbfs", "configfs", "fusectl", "autofs", "binfmt_misc", "nsfs", "rpc_pipefs",
        "efivarfs", "selinuxfs", "squashfs", "iso9660", "udf", "nfs", "nfs4", "cifs", "smb3", "ceph", "9p",
    };

    private static readonly string[] SkippedRoots = ["/proc/", "/sys/", "/dev/", "/run/", "/snap/"];

    public IReadOnlyList<DiskSpace> Disks()
    {
        var mounts = OperatingSystem.IsLinux()
            ? LinuxMountPoints()
            : DriveInfo.GetDrives().Where(d => d.DriveType == DriveType.Fixed).Select(d => d.RootDirectory.FullName);

        var disks = new List<DiskSpace>();
        foreach (var mount in mounts)
        {
            try
            {
                var drive = new DriveInfo(mount);
                if (drive.IsReady && drive.TotalSize > 0)
                {
                    disks.Add(new DiskSpace(mount, drive.AvailableFreeSpace * 100.0 / drive.TotalSize));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // Unmounted while we looked, or not ours to read.
            }
        }

        return disks;
    }

    public int ProcessCount()
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.EnumerateDirectories("/proc").Count(p => int.TryParse(Path.GetFileName(p.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out _));
        }

        var processes = Process.GetProcesses();
        foreach (var process in processes)
        {
            process.Dispose();
        }

        return processes.Length;
    }

    [SupportedOSPlatform("linux")]
    private static List<string> LinuxMountPoints()
    {
        // One entry per device: bind mounts (a container's /etc/hosts) show the same disk again.
        var byDevice = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/self/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 4)
            {
                continue;
            }

            var (device, mount, type) = (fields[0], Unescape(fields[1]), fields[2]);
            var readOnly = fields[3].Split(',').Contains("ro", StringComparer.Ordinal);
            if (readOnly || SkippedTypes.Contains(type) || (type.StartsWith("fuse.", StringComparison.Ordinal) && type != "fuse.fuseblk")
                || device.StartsWith("/dev/loop", StringComparison.Ordinal)
                || SkippedRoots.Any(root => (mount + "/").StartsWith(root, StringComparison.Ordinal)))
            {
                continue;
            }

            if (!byDevice.TryGetValue(device, out var known) || mount.Length < known.Length)
            {
                byDevice[device] = mount;
            }
        }

        return [.. byDevice.Values.Order(StringComparer.Ordinal)];
    }

    // /proc/self/mounts writes a space in a path as \040 (and tab, newline, backslash likewise in octal).
    private static string Unescape(string path)
    {
        if (!path.Contains('\\', StringComparison.Ordinal))
        {
            return path;
        }

        var builder = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\' && i + 3 < path.Length && !path.AsSpan(i + 1, 3).ContainsAnyExceptInRange('0', '7'))
            {
                builder.Append((char)(((path[i + 1] - '0') * 64) + ((path[i + 2] - '0') * 8) + (path[i + 3] - '0')));
                i += 3;
            }
            else
            {
                builder.Append(path[i]);
            }
        }

        return builder.ToString();
    }
}
