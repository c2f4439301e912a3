namespace Rhythm.Adaptive;

internal static class LoadBandNames
{
    /// <summary>The band as status lines and logs spell it: <c>idle</c>, <c>normal</c>, <c>busy</c>.</summary>
    public static string Lower(LoadBand band) => band switch
    {
        LoadBand.Idle => "idle",
        LoadBand.Normal => "normal",
        LoadBand.Busy => "busy",
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, "Unknown load band."),
    };
}
