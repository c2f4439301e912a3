using Quartz;

namespace Rhythm.Model;

/// <summary>Checks a cron expression the way the scheduler will read it.</summary>
internal static class CronRules
{
    // Fixed so the check does not depend on when it runs; an expression that fires before this and never after is a typo.
    private static readonly DateTimeOffset Reference = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Quartz's reason the expression is refused, or <see langword="null"/> when it is usable.</summary>
    public static string? Check(string expression)
    {
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 5)
        {
            return FiveFields(fields);
        }

        CronExpression parsed;
        try
        {
            parsed = CronExpression.Parse(expression);
        }
        catch (FormatException exception)
        {
            return Reason(exception);
        }
        catch (ArgumentException exception)
        {
            return Reason(exception);
        }

        try
        {
            return parsed.GetNextValidTimeAfter(Reference) is null
                ? "it never fires (it names a date that does not exist, such as 30 February, or only years that have passed)."
                : null;
        }
        catch (ArgumentException exception)
        {
            return Reason(exception);
        }
    }

    /// <summary>
    /// The crontab form is the most common mistake. Quartz's own message for it also advises a C# call, which
    /// means nothing to someone editing jobs.json, so this one says what to write instead.
    /// </summary>
    private static string FiveFields(string[] fields)
    {
        var withSeconds = "0 " + string.Join(' ', fields);
        var suggestion = CronExpression.TryParse(withSeconds, out _) ? $" Did you mean {MessageText.Quote(withSeconds)}?" : string.Empty;
        var dayOfWeek = fields[4].Any(char.IsAsciiDigit)
            ? " Quartz numbers the days of the week 1-7 from Sunday where crontab uses 0-6, so write them as names such as MON-FRI."
            : string.Empty;
        return $"it has 5 fields, the crontab form, but Quartz cron starts with a seconds field.{suggestion}{dayOfWeek}";
    }

    private static string Reason(Exception exception)
    {
        var message = MessageText.Printable(exception.Message.Trim(), 500);
        return message.EndsWith('.') ? message : message + ".";
    }
}
