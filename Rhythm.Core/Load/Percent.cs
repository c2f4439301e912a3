using System.Globalization;

namespace Rhythm.Load;

/// <summary>Percentages the way status lines and logs show them: whole numbers, invariant culture.</summary>
internal static class Percent
{
    public static int Round(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);

    public static string Whole(double value) => Round(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>A threshold as configured: <c>60</c>, <c>62.5</c>.</summary>
    public static string Threshold(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
