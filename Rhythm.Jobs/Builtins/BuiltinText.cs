using System.Globalization;

namespace Rhythm.Jobs.Builtins;

/// <summary>How the built-in steps write figures in messages, logs and reports.</summary>
internal static class BuiltinText
{
    /// <summary>A duration to two significant figures in the unit a person would use: 850ms, 1.2s, 4.5m, 2.1h.</summary>
    public static string Duration(TimeSpan? value)
    {
        if (value is not { } span)
        {
            return "-";
        }

        return span.TotalSeconds switch
        {
            < 1 => Invariant($"{span.TotalMilliseconds:0}ms"),
            < 60 => Invariant($"{span.TotalSeconds:0.#}s"),
            < 3600 => Invariant($"{span.TotalMinutes:0.#}m"),
            _ => Invariant($"{span.TotalHours:0.#}h"),
        };
    }

    /// <summary>A fraction from 0 to 1 as a whole percentage.</summary>
    public static string Percent(double fraction) => Invariant($"{fraction * 100:0}%");

    /// <summary>The relative change from <paramref name="before"/> to <paramref name="after"/>, signed: +183%, -40%.</summary>
    public static string Change(double before, double after) =>
        before == 0 ? "from 0" : Invariant($"{(after - before) / before * 100:+0;-0;0}%");

    /// <summary>A count with its noun, singular for one: "1 run", "3 runs", "2 processes".</summary>
    public static string Count(int count, string noun) =>
        Invariant($"{count} {(count == 1 ? noun : noun.EndsWith('s') ? noun + "es" : noun + "s")}");

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
