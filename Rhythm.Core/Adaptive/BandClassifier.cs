using Rhythm.Model;

namespace Rhythm.Adaptive;

/// <summary>Decides the load band from the smoothed CPU %, with hysteresis so the rhythm does not flap.</summary>
/// <remarks>
/// <para>With I = <see cref="AdaptiveSettings.IdleBelowCpu"/>, B = <see cref="AdaptiveSettings.BusyAboveCpu"/>
/// and H = <see cref="AdaptiveSettings.Hysteresis"/>:</para>
/// <list type="bullet">
/// <item>Entering a band uses the plain threshold: CPU &gt; B is busy, CPU &lt; I is idle, anything else is normal.</item>
/// <item>Busy is left only when CPU &lt; B - H; until then it stays busy.</item>
/// <item>Idle is left only when CPU &gt; I + H; until then it stays idle.</item>
/// <item>A band that is left is replaced by the plain-threshold band for that CPU, so a drop from busy straight
/// to CPU 10 gives idle, not normal.</item>
/// </list>
/// <para>With the defaults (I 20, B 70, H 5), starting normal, the CPU sequence 70, 72, 67, 64 gives normal
/// (70 is not above 70), busy, busy (67 is not below 65), normal.</para>
/// </remarks>
internal sealed class BandClassifier(AdaptiveSettings settings)
{
    private readonly double _idleBelow = settings.IdleBelowCpu;
    private readonly double _busyAbove = settings.BusyAboveCpu;
    private readonly double _hysteresis = Math.Max(0, settings.Hysteresis);

    public LoadBand Classify(LoadBand previous, double smoothedCpu)
    {
        if (previous == LoadBand.Busy && smoothedCpu >= _busyAbove - _hysteresis)
        {
            return LoadBand.Busy;
        }

        if (previous == LoadBand.Idle && smoothedCpu <= _idleBelow + _hysteresis)
        {
            return LoadBand.Idle;
        }

        if (smoothedCpu > _busyAbove)
        {
            return LoadBand.Busy;
        }

        return smoothedCpu < _idleBelow ? LoadBand.Idle : LoadBand.Normal;
    }

    /// <summary>The CPU % that had to be crossed to move from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    public double Boundary(LoadBand previous, LoadBand current) => current switch
    {
        LoadBand.Busy => _busyAbove,
        LoadBand.Idle => _idleBelow,
        _ => previous == LoadBand.Busy ? _busyAbove - _hysteresis : _idleBelow + _hysteresis,
    };
}
