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

    private static string Reason(Exception exception)
    {
        var message = MessageText.Printable(exception.Message.Trim(), 500);
        return message.EndsWith('.') ? message : message + ".";
    }
}
