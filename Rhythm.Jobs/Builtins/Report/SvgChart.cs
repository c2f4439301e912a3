using System.Globalization;
using System.Net;
using System.Text;

namespace Rhythm.Jobs.Builtins.Report;

/// <summary>
/// One inline SVG chart with a time axis: the plot area, the scales and the grid. Coordinates are written with one
/// decimal in the invariant culture, so a report reads the same whatever the host's language.
/// </summary>
internal sealed class SvgChart
{
    public const double Width = 960;
    private const double Left = 56;
    private const double Right = 16;
    private const double Top = 12;
    private const double Bottom = 26;

    // Tick spacings a person reads easily; the first that gives at most this many ticks is used.
    private const int MaxTicks = 12;
    private static readonly TimeSpan[] TickSteps =
    [
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
        TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(7),
    ];

    private readonly StringBuilder _svg = new();
    private readonly DateTimeOffset _from;
    private readonly DateTimeOffset _to;
    private readonly TimeZoneInfo _zone;
    private readonly double _height;
    private readonly double _yMin;
    private readonly double _yMax;

    /// <param name="id">The svg element's id, for links and tests.</param>
    /// <param name="label">What the chart shows, read out by screen readers.</param>
    /// <param name="from">The time at the left edge of the plot.</param>
    /// <param name="to">The time at the right edge of the plot.</param>
    /// <param name="zone">The zone time labels are written in.</param>
    /// <param name="height">The height of the whole chart in pixels.</param>
    /// <param name="yMax">The value at the top of the plot area.</param>
    /// <param name="yMin">The value at the bottom of the plot area.</param>
    public SvgChart(string id, string label, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, double height, double yMax, double yMin = 0)
    {
        _from = from;
        _to = to > from ? to : from + TimeSpan.FromMinutes(1);
        _zone = zone;
        _height = height;
        _yMin = yMin;
        _yMax = yMax > yMin ? yMax : yMin + 1;
        _svg.Append(Inv($"<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-label=\"{Attr(label)}\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">"));
    }

    public static double PlotLeft => Left;

    public static double PlotRight => Width - Right;

    public static double PlotTop => Top;

    public double PlotBottom => _height - Bottom;

    public double X(DateTimeOffset at) =>
        Left + ((at - _from).TotalMilliseconds / (_to - _from).TotalMilliseconds * (PlotRight - Left));

    public double Y(double value) => PlotBottom - ((Math.Clamp(value, _yMin, _yMax) - _yMin) / (_yMax - _yMin) * (PlotBottom - Top));

    /// <summary>Horizontal grid lines with labels at <paramref name="values"/>, and the time axis.</summary>
    public SvgChart Grid(IEnumerable<double> values, Func<double, string> label, bool timeLabels = true)
    {
        _svg.Append("<g class=\"grid\">");
        foreach (var value in values)
        {
            var y = Y(value);
            _svg.Append(Inv($"<line x1=\"{Left:0.#}\" y1=\"{y:0.#}\" x2=\"{PlotRight:0.#}\" y2=\"{y:0.#}\"/>"))
                .Append(Inv($"<text class=\"y-label\" x=\"{Left - 6:0.#}\" y=\"{y + 4:0.#}\">{Text(label(value))}</text>"));
        }

        _svg.Append("</g>");
        return TimeAxis(timeLabels);
    }

    /// <summary>Vertical lines at round local times, labelled with the time (and the date at midnight).</summary>
    public SvgChart TimeAxis(bool labels = true)
    {
        var span = _to - _from;
        var step = TickSteps.FirstOrDefault(s => span / s <= MaxTicks, TickSteps[^1]);
        var local = TimeZoneInfo.ConvertTime(_from, _zone);
        var first = new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, local.Offset);
        while (first < local)
        {
            first += step;
        }

        _svg.Append("<g class=\"time-axis\">");
        for (var tick = first; tick <= _to; tick += step)
        {
            var x = X(tick);
            var at = TimeZoneInfo.ConvertTime(tick, _zone);
            _svg.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"{Top:0.#}\" x2=\"{x:0.#}\" y2=\"{PlotBottom:0.#}\"/>"));
            if (labels)
            {
                var text = at.TimeOfDay == TimeSpan.Zero ? at.ToString("MMM d", CultureInfo.InvariantCulture) : at.ToString("HH:mm", CultureInfo.InvariantCulture);
                _svg.Append(Inv($"<text class=\"x-label\" x=\"{x:0.#}\" y=\"{_height - 8:0.#}\">{text}</text>"));
            }
        }

        _svg.Append("</g>");
        return this;
    }

    /// <summary>A dashed reference line across the plot, such as a band threshold.</summary>
    public SvgChart Threshold(double value, string cssClass, string label)
    {
        var y = Y(value);
        _svg.Append(Inv($"<g class=\"threshold {cssClass}\"><line x1=\"{Left:0.#}\" y1=\"{y:0.#}\" x2=\"{PlotRight:0.#}\" y2=\"{y:0.#}\"/>"))
            .Append(Inv($"<text x=\"{PlotRight - 4:0.#}\" y=\"{y - 4:0.#}\">{Text(label)}</text></g>"));
        return this;
    }

    /// <summary>
    /// A line through <paramref name="points"/> (x, y in chart coordinates), broken into separate runs of points
    /// wherever <paramref name="breakAfter"/> says the data has a hole, so a host that was down is not drawn as a ramp.
    /// </summary>
    public SvgChart Series(IReadOnlyList<(double X, double Y)> points, Func<int, bool> breakAfter, string cssClass, string extraAttributes = "", bool area = false)
    {
        if (points.Count == 0)
        {
            return this;
        }

        var line = new StringBuilder();
        var fill = new StringBuilder();
        var segmentStart = 0;
        for (var i = 0; i < points.Count; i++)
        {
            var (x, y) = points[i];
            var starts = i == 0 || breakAfter(i - 1);
            line.Append(Inv($"{(starts ? 'M' : 'L')}{x:0.#} {y:0.#} "));
            if (starts)
            {
                segmentStart = i;
            }

            var ends = i == points.Count - 1 || breakAfter(i);
            if (starts && ends)
            {
                // A lone sample between two holes: a zero-length line, which the round line cap draws as a dot.
                line.Append("h0 ");
            }

            if (area && ends)
            {
                fill.Append(Inv($"M{points[segmentStart].X:0.#} {PlotBottom:0.#} "));
                for (var j = segmentStart; j <= i; j++)
                {
                    fill.Append(Inv($"L{points[j].X:0.#} {points[j].Y:0.#} "));
                }

                fill.Append(Inv($"L{x:0.#} {PlotBottom:0.#} Z "));
            }
        }

        if (area)
        {
            _svg.Append(Inv($"<path class=\"area {cssClass}\" d=\"{fill.ToString().TrimEnd()}\"/>"));
        }

        _svg.Append(Inv($"<path class=\"series {cssClass}\"{extraAttributes} d=\"{line.ToString().TrimEnd()}\"/>"));
        return this;
    }

    /// <summary>Appends raw SVG markup the caller built (with <see cref="Text"/> and <see cref="Attr"/> for any text).</summary>
    public SvgChart Raw(string markup)
    {
        _svg.Append(markup);
        return this;
    }

    /// <summary>A message in the middle of the plot, for a chart without data.</summary>
    public SvgChart Empty(string message)
    {
        _svg.Append(Inv($"<text class=\"empty\" x=\"{(Left + PlotRight) / 2:0.#}\" y=\"{(Top + PlotBottom) / 2:0.#}\">{Text(message)}</text>"));
        return this;
    }

    public override string ToString() => _svg + "</svg>";

    public static string Text(string value) => WebUtility.HtmlEncode(value);

    public static string Attr(string value) => WebUtility.HtmlEncode(value);

    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
