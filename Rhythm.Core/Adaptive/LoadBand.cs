namespace Rhythm.Adaptive;

/// <summary>How busy the machine is, judged from the smoothed CPU %; each band has its own interval factor.</summary>
public enum LoadBand
{
    /// <summary>Smoothed CPU below <c>idleBelowCpu</c>: intervals shrink by <c>idleFactor</c>.</summary>
    Idle = 0,

    /// <summary>Between the two thresholds: intervals stay as written.</summary>
    Normal = 1,

    /// <summary>Smoothed CPU above <c>busyAboveCpu</c>: intervals stretch by <c>busyFactor</c>.</summary>
    Busy = 2,
}
