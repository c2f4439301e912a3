using System.Globalization;

namespace Rhythm.Load;

/// <summary>Percentages the way status lines and logs show them: whole numbers, invariant culture.</summary>
internal static class Percent
{
    public static int Round(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);

    public static string Whole(double value) => Round(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A value said next to a threshold it is above or below: whole, unless rounding would put it on the threshold or
    /// past it (<c>60 % &gt; 60 %</c> from 60.3); then in tenths, rounded away from the threshold so the line still reads true.
    /// </summary>
    public static string Beyond(double value, double threshold)
    {
        var whole = Math.Round(value, MidpointRounding.AwayFromZero);
        if (value > threshold && whole <= threshold)
        {
            return Tenths(Math.Ceiling((value * 10) - 1e-9) / 10);
        }

        if (value < threshold && whole >= threshold)
        {
            return Tenths(Math.Floor((value * 10) + 1e-9) / 10);
        }

        return Whole(value);
    }

    /// <summary>A threshold as configured: <c>60</c>, <c>62.5</c>.</summary>
    public static string Threshold(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Tenths(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
