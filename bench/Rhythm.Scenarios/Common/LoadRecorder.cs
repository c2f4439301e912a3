using System.Diagnostics;

namespace Rhythm.Scenarios.Common;

/// <summary>One reading: when, system CPU % since the previous reading, and how many marked processes were alive.</summary>
internal readonly record struct LoadReading(DateTimeOffset At, double Cpu, int Processes);

/// <summary>
/// Reads system CPU from /proc/stat and counts live processes whose command line carries a marker, every
/// <see cref="Every"/>, on its own thread so that a saturated thread pool does not skew the readings.
/// </summary>
internal sealed class LoadRecorder : IDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    private readonly string? _marker;
    private readonly List<LoadReading> _readings = [];
    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private volatile bool _stop;

    public LoadRecorder(string? marker)
    {
        _marker = marker;
        _thread = new Thread(Run) { IsBackground = true, Name = "load-recorder", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public IReadOnlyList<LoadReading> Readings
    {
        get
        {
            lock (_gate)
            {
                return [.. _readings];
            }
        }
    }

    public IReadOnlyList<LoadReading> Between(DateTimeOffset from, DateTimeOffset to)
        => Readings.Where(r => r.At >= from && r.At <= to).ToList();

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run()
    {
        var (busy, total) = Proc.Cpu();
        var clock = Stopwatch.StartNew();
        var tick = 1;
        while (!_stop)
        {
            var wait = (Every * tick) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            tick++;
            var (nextBusy, nextTotal) = Proc.Cpu();
            var cpu = nextTotal == total ? 0 : 100.0 * (nextBusy - busy) / (nextTotal - total);
            (busy, total) = (nextBusy, nextTotal);
            var processes = _marker is null ? 0 : Proc.Matching(_marker).Count;
            lock (_gate)
            {
                _readings.Add(new LoadReading(DateTimeOffset.UtcNow, cpu, processes));
            }
        }
    }
}
