using System.Globalization;
using System.Text.Json;
using Rhythm.Steps;

namespace Rhythm.Model;

/// <summary>
/// Maps a parsed jobs.json onto the model records, reporting every problem on the way. A value that is wrong
/// is reported and skipped, so one pass finds all of them; the file is only built when none were found.
/// </summary>
internal sealed class JobsFileBinder(ProblemList problems, IReadOnlyCollection<StepRegistration>? builtins)
{
    private const string GroupExample = "{ \"name\": \"health-check\", \"every\": \"10m\", \"steps\": [ ... ] }";

    private const string EveryFloorReason = "a group started more often spends its time starting processes and writing history rather than doing its work.";

    private static readonly string[] ScheduleKeys = ["every", "at", "cron"];
    private static readonly string[] PriorityNames = ["critical", "high", "medium", "low"];
    private static readonly string[] AdaptiveBoundKeys = ["minEvery", "maxEvery"];
    private static readonly string[] LooseTimeForms = ["H:mm", "H:mm:ss", "HH:mm:ss", "h:mm tt", "h:mmtt", "h tt", "htt", "H.mm", "HHmm"];

    public JobsFile? Bind(JsonElement root, string sourcePath)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(string.Empty, $"the file must hold one JSON object such as {{ \"groups\": [ {GroupExample} ] }}, but it holds {MessageText.Describe(root)}.");
            return null;
        }

        var top = new JsonObjectReader(root, string.Empty, JobsFileKeys.Root, problems);
        if (top.TryGet("$schema", out var schema) && schema.ValueKind != JsonValueKind.String)
        {
            top.WrongType("$schema", schema, "a string such as \"./jobs.schema.json\"");
        }

        var rhythm = SettingsBinder.ReadRhythm(top, out var sampleEvery);
        var adaptive = SettingsBinder.ReadAdaptive(top, sampleEvery);
        var groups = ReadGroups(top);
        GroupRules.Check(groups, problems);
        if (!problems.IsEmpty)
        {
            return null;
        }

        if (groups.Any(g => g.Definition is null))
        {
            problems.Add(string.Empty, "a group could not be read, but no reason was recorded. Please report this with the file.");
            return null;
        }

        return new JobsFile
        {
            SourcePath = sourcePath,
            Rhythm = rhythm,
            Adaptive = adaptive,
            Groups = groups.Select(g => g.Definition!).ToArray(),
        };
    }

    private List<GroupDraft> ReadGroups(JsonObjectReader top)
    {
        var drafts = new List<GroupDraft>();
        if (!top.TryGet("groups", out var element))
        {
            problems.Add(top.FieldLocation("groups"), $"is missing. Add the task groups, such as \"groups\": [ {GroupExample} ].");
            return drafts;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            top.WrongType("groups", element, $"an array of groups such as [ {GroupExample} ]", optional: false);
            return drafts;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (ReadGroup(item, index) is { } draft)
            {
                drafts.Add(draft);
            }

            index++;
        }

        if (index == 0)
        {
            problems.Add(top.FieldLocation("groups"), $"is empty. Add at least one group, such as {GroupExample}.");
        }

        return drafts;
    }

    private GroupDraft? ReadGroup(JsonElement item, int index)
    {
        var indexLabel = string.Create(CultureInfo.InvariantCulture, $"groups[{index}]");
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add(indexLabel, $"expected a group object such as {GroupExample}, found {MessageText.Describe(item)}.");
            return null;
        }

        var shownName = NameRules.Peek(item);
        var label = shownName is null ? indexLabel : $"group {MessageText.Quote(shownName)}";
        var group = new JsonObjectReader(item, label, JobsFileKeys.Group, problems);
        var name = NameRules.Read(group, "\"health-check\"");

        var given = ScheduleKeys.Where(group.Has).ToList();
        if (given.Count == 0)
        {
            problems.Add(
                label,
                "has no schedule. Add one of \"every\": \"10m\" (a fixed interval), \"at\": \"03:00\" (daily, local time) or \"cron\": \"0 0 * * * ?\" (a Quartz cron expression).");
        }
        else if (given.Count > 1)
        {
            var both = given.Count == 2 ? "both " : string.Empty;
            problems.Add(label, $"has {both}{MessageText.JoinQuoted(given)}, but a group has exactly one schedule. Keep one of them.");
        }

        var every = group.Duration("every", "10m", JobsFileLimits.MinEvery, EveryFloorReason);
        var at = ReadAt(group);
        var cron = ReadCron(group);
        GroupSchedule? schedule = given.Count != 1 ? null
            : every is { } interval ? new EverySchedule(interval)
            : at is { } time ? new DailySchedule(time)
            : cron is not null ? new CronSchedule(cron)
            : null;

        var after = group.StringArray("after", "[\"health-check\"]") ?? [];
        var priority = ReadPriority(group);
        var enabled = group.Bool("enabled");
        var adaptive = group.Bool("adaptive");
        var (minEvery, maxEvery) = ReadAdaptiveBounds(group, given, every);
        var steps = new StepBinder(problems, builtins).ReadSteps(group);

        var definition = name is not null && schedule is not null && steps is not null
            ? new GroupDefinition
            {
                Name = name,
                Schedule = schedule,
                After = after,
                Priority = priority ?? Priority.Medium,
                Enabled = enabled ?? true,
                Adaptive = adaptive ?? true,
                MinEvery = minEvery,
                MaxEvery = maxEvery,
                Steps = steps,
            }
            : null;
        return new GroupDraft(indexLabel, label, name, enabled ?? true, after, definition);
    }

    private (TimeSpan? Min, TimeSpan? Max) ReadAdaptiveBounds(JsonObjectReader group, List<string> given, TimeSpan? every)
    {
        var minEvery = group.Duration("minEvery", "5m", JobsFileLimits.MinEvery, EveryFloorReason);
        var maxEvery = group.Duration("maxEvery", "1h");
        if (given.Count == 1 && given[0] != "every")
        {
            foreach (var key in AdaptiveBoundKeys.Where(group.Has))
            {
                problems.Add(
                    group.FieldLocation(key),
                    $"applies only to groups scheduled with 'every'; this group uses {MessageText.Quote(given[0])}, whose times the adaptive rhythm does not move. Remove it.");
            }

            return (minEvery, maxEvery);
        }

        if (minEvery is { } min && maxEvery is { } max && min > max)
        {
            problems.Add(
                group.FieldLocation("minEvery"),
                $"minEvery ({Durations.Format(min)}) is longer than maxEvery ({Durations.Format(max)}). The adaptive rhythm keeps the interval between the two, so minEvery must be the shorter one.");
            return (minEvery, maxEvery);
        }

        if (every is { } interval)
        {
            if (minEvery is { } lower && interval < lower)
            {
                problems.Add(
                    group.FieldLocation("every"),
                    $"every ({Durations.Format(interval)}) is shorter than minEvery ({Durations.Format(lower)}). The base interval must lie between minEvery and maxEvery.");
            }

            if (maxEvery is { } upper && interval > upper)
            {
                problems.Add(
                    group.FieldLocation("every"),
                    $"every ({Durations.Format(interval)}) is longer than maxEvery ({Durations.Format(upper)}). The base interval must lie between minEvery and maxEvery.");
            }
        }

        return (minEvery, maxEvery);
    }

    private static TimeOnly? ReadAt(JsonObjectReader group)
    {
        if (!group.TryGet("at", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            group.WrongType("at", value, "a time of day in quotes such as \"03:00\"");
            return null;
        }

        var text = value.GetString() ?? string.Empty;
        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        var guess = string.Empty;
        if (text.Length <= 16
            && TimeOnly.TryParseExact(text.Trim(), LooseTimeForms, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var loose)
            && loose.Second == 0)
        {
            guess = $" Did you mean {MessageText.Quote(loose.ToString("HH:mm", CultureInfo.InvariantCulture))}?";
        }

        group.Problems.Add(
            group.FieldLocation("at"),
            $"{MessageText.Quote(text)} is not a time in HH:mm form.{guess} Write the local time of day on a 24-hour clock with two digits each, such as \"03:00\" or \"23:30\".");
        return null;
    }

    private static string? ReadCron(JsonObjectReader group)
    {
        var expression = group.String("cron", required: false, "\"0 0 * * * ?\"");
        if (expression is null)
        {
            return null;
        }

        const string Help = "Quartz cron has 6 or 7 fields: seconds minutes hours day-of-month month day-of-week [year], such as \"0 0 * * * ?\" (every hour).";
        if (expression.Length > JobsFileLimits.MaxCronLength)
        {
            group.Problems.Add(group.FieldLocation("cron"), $"is {expression.Length} characters long; a cron expression has at most {JobsFileLimits.MaxCronLength}. {Help}");
            return null;
        }

        var reason = CronRules.Check(expression);
        if (reason is not null)
        {
            group.Problems.Add(group.FieldLocation("cron"), $"{MessageText.Quote(expression)} is not a valid cron expression: {reason} {Help}");
            return null;
        }

        return expression;
    }

    private static Priority? ReadPriority(JsonObjectReader group)
    {
        if (!group.TryGet("priority", out var value))
        {
            return null;
        }

        const string Choices = "one of \"critical\", \"high\", \"medium\" (the default) or \"low\"";
        if (value.ValueKind != JsonValueKind.String)
        {
            group.WrongType("priority", value, Choices);
            return null;
        }

        var text = value.GetString() ?? string.Empty;
        switch (text.ToUpperInvariant())
        {
            case "CRITICAL":
                return Priority.Critical;
            case "HIGH":
                return Priority.High;
            case "MEDIUM":
                return Priority.Medium;
            case "LOW":
                return Priority.Low;
            default:
                group.Problems.Add(
                    group.FieldLocation("priority"),
                    $"{MessageText.Quote(text)} is not a priority.{Spelling.DidYouMean(text, PriorityNames)} Write {Choices}.");
                return null;
        }
    }
}
