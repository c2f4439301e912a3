using System.Globalization;

namespace Rhythm.Scenarios.Common;

/// <summary>Percentiles by nearest rank, and the formatting every table cell uses.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Average();

    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "-"
        : milliseconds >= 10_000 ? (milliseconds / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : milliseconds >= 1_000 ? (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s"
        : milliseconds.ToString(milliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    public static string Percent(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Number(double value, string format = "0.0") => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    public static string Ratio(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "-" : value.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
