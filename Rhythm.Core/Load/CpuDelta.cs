namespace Rhythm.Load;

/// <summary>Turns cumulative busy and total CPU counters into the busy % since the previous reading.</summary>
/// <remarks>
/// The first reading is measured against zero, so it reports the average since boot rather than a made-up 0.
/// When the counters have not moved (two readings within one clock tick) the previous result is repeated,
/// and when they went backwards (a counter reset) the reading becomes the new baseline.
/// </remarks>
internal struct CpuDelta
{
    private ulong _busy;
    private ulong _total;
    private double _last;

    public double Next(ulong busy, ulong total)
    {
        if (total <= _total)
        {
            if (total < _total)
            {
                _busy = busy;
                _total = total;
            }

            return _last;
        }

        // Linux may step iowait backwards, which makes busy look like it shrank; that is no busy time at all.
        var busyDelta = busy > _busy ? busy - _busy : 0;
        var percent = Math.Clamp(100.0 * busyDelta / (total - _total), 0, 100);
        _busy = busy;
        _total = total;
        _last = percent;
        return percent;
    }
}
