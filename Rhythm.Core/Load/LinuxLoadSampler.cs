using Microsoft.Win32.SafeHandles;

namespace Rhythm.Load;

/// <summary>Samples Linux from <c>/proc/stat</c> and <c>/proc/meminfo</c>.</summary>
/// <remarks>
/// Both files stay open and are read again from offset 0 on every sample: the kernel renders them afresh on
/// each read from the start, so a sample costs two <c>pread</c> calls and allocates nothing. Only the first
/// bytes are read, which hold the aggregate <c>cpu</c> line and the first lines of meminfo.
/// CPU busy time is everything but <c>idle</c> and <c>iowait</c>; memory in use is
/// <c>MemTotal - MemAvailable</c>, so page cache the kernel can reclaim counts as free.
/// </remarks>
internal sealed class LinuxLoadSampler : ILoadSampler, IDisposable
{
    internal const string ProcStat = "/proc/stat";
    internal const string ProcMemInfo = "/proc/meminfo";

    // The aggregate cpu line is at most about 230 bytes and MemAvailable is the third line of meminfo.
    private const int BufferSize = 1024;

    // user nice system idle iowait irq softirq steal; guest time is already counted in user and nice.
    private const int CpuFields = 8;

    private readonly TimeProvider _time;
    private readonly string _statPath;
    private readonly string _memInfoPath;
    private readonly SafeFileHandle _stat;
    private readonly SafeFileHandle _memInfo;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly Lock _gate = new();
    private CpuDelta _cpu;

    public LinuxLoadSampler(TimeProvider time)
        : this(time, ProcStat, ProcMemInfo)
    {
    }

    /// <summary>Reads other files in the same formats; tests use it to script the counters.</summary>
    internal LinuxLoadSampler(TimeProvider time, string statPath, string memInfoPath)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _statPath = statPath;
        _memInfoPath = memInfoPath;
        _stat = Open(statPath);
        try
        {
            _memInfo = Open(memInfoPath);
        }
        catch
        {
            _stat.Dispose();
            throw;
        }
    }

    public LoadSample Sample()
    {
        lock (_gate)
        {
            var length = RandomAccess.Read(_stat, _buffer, 0);
            if (!TryParseCpu(_buffer.AsSpan(0, length), out var busy, out var total))
            {
                throw new InvalidDataException(
                    $"Rhythm cannot measure CPU load: {_statPath} does not start with an aggregate 'cpu' line of at least four counters.");
            }

            var cpu = _cpu.Next(busy, total);

            length = RandomAccess.Read(_memInfo, _buffer, 0);
            if (!TryParseMemory(_buffer.AsSpan(0, length), out var memory))
            {
                throw new InvalidDataException(
                    $"Rhythm cannot measure memory: {_memInfoPath} has no MemTotal and MemAvailable lines near its start (MemAvailable needs Linux 3.14 or later).");
            }

            return new LoadSample(_time.GetUtcNow(), cpu, memory);
        }
    }

    public void Dispose()
    {
        _stat.Dispose();
        _memInfo.Dispose();
    }

    /// <summary>Reads the aggregate <c>cpu</c> line: busy = total - idle - iowait, in clock ticks since boot.</summary>
    internal static bool TryParseCpu(ReadOnlySpan<byte> text, out ulong busy, out ulong total)
    {
        busy = 0;
        total = 0;
        if (!text.StartsWith("cpu "u8))
        {
            return false;
        }

        ulong idle = 0;
        var fields = 0;
        var i = 4;
        while (fields < CpuFields)
        {
            while (i < text.Length && text[i] == (byte)' ')
            {
                i++;
            }

            if (i >= text.Length || !IsDigit(text[i]))
            {
                break;
            }

            var value = ReadNumber(text, ref i);
            total += value;
            if (fields is 3 or 4)
            {
                idle += value;
            }

            fields++;
        }

        // Kernels before 2.6 had only user, nice, system and idle.
        if (fields < 4)
        {
            total = 0;
            return false;
        }

        busy = total - idle;
        return true;
    }

    /// <summary>Reads memory in use as a percentage: (MemTotal - MemAvailable) / MemTotal.</summary>
    internal static bool TryParseMemory(ReadOnlySpan<byte> text, out double percent)
    {
        percent = 0;
        ulong total = 0;
        ulong available = 0;
        var haveTotal = false;
        var haveAvailable = false;
        while (!text.IsEmpty && !(haveTotal && haveAvailable))
        {
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            if (line.StartsWith("MemTotal:"u8))
            {
                haveTotal = TryReadField(line["MemTotal:"u8.Length..], out total);
            }
            else if (line.StartsWith("MemAvailable:"u8))
            {
                haveAvailable = TryReadField(line["MemAvailable:"u8.Length..], out available);
            }

            text = end < 0 ? [] : text[(end + 1)..];
        }

        if (!haveTotal || !haveAvailable || total == 0)
        {
            return false;
        }

        var used = total > available ? total - available : 0;
        percent = Math.Clamp(100.0 * used / total, 0, 100);
        return true;
    }

    private static bool TryReadField(ReadOnlySpan<byte> text, out ulong value)
    {
        var i = 0;
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }

        if (i >= text.Length || !IsDigit(text[i]))
        {
            value = 0;
            return false;
        }

        value = ReadNumber(text, ref i);
        return true;
    }

    private static ulong ReadNumber(ReadOnlySpan<byte> text, ref int i)
    {
        ulong value = 0;
        while (i < text.Length && IsDigit(text[i]))
        {
            value = unchecked((value * 10) + (ulong)(text[i] - (byte)'0'));
            i++;
        }

        return value;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static SafeFileHandle Open(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlatformNotSupportedException(
                $"Rhythm cannot measure load on Linux: {path} cannot be opened ({e.Message}). Is /proc mounted?", e);
        }
    }
}
