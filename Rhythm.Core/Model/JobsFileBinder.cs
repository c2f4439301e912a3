using System.Globalization;
using System.Text.Json;

namespace Rhythm.Model;

/// <summary>
/// Maps a parsed jobs.json onto the model records, reporting every problem on the way. A value that is wrong
/// is reported and skipped, so one pass finds all of them; the file is only built when none were found.
/// </summary>
internal sealed class JobsFileBinder(ProblemList problems, IReadOnlySet<string>? knownBuiltins)
{
    private const string GroupExample = "{ \"name\": \"health-check\", \"every\": \"10m\", \"steps\": [ ... ] }";
    private const string StepExample = "{ \"name\": \"check\", \"run\": \"scripts/check.py\" }";

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

        var rhythm = ReadRhythm(top);
        var adaptive = ReadAdaptive(top);
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

    private JsonObjectReader? Section(JsonObjectReader top, string key, KeySet keys)
    {
        if (!top.TryGet(key, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            top.WrongType(key, element, $"an object such as \"{key}\": {{ ... }}");
            return null;
        }

        return new JsonObjectReader(element, $"section '{key}'", keys, problems);
    }

    private RhythmSettings ReadRhythm(JsonObjectReader top)
    {
        var defaults = new RhythmSettings();
        var section = Section(top, "rhythm", JobsFileKeys.Rhythm);
        if (section is null)
        {
            return defaults;
        }

        var store = section.String("store", required: false, "\"rhythm.db\"");
        if (store is not null && store.Any(char.IsControl))
        {
            problems.Add(section.FieldLocation("store"), $"{MessageText.Quote(store)} contains a control character, which a file path cannot have. Write a path such as \"rhythm.db\".");
            store = null;
        }

        return new RhythmSettings
        {
            Store = store ?? defaults.Store,
            MaxConcurrency = section.Integer("maxConcurrency", JobsFileLimits.MinConcurrency, JobsFileLimits.MaxConcurrency, "how many groups may run at once")
                ?? defaults.MaxConcurrency,
            SampleEvery = section.Duration("sampleEvery", "15s") ?? defaults.SampleEvery,
            MemoryPressure = section.Number("memoryPressure", 0, 100, "the memory use in % above which medium and low groups are skipped")
                ?? defaults.MemoryPressure,
            CpuPressure = section.Number("cpuPressure", 0, 100, "the CPU use in % above which all but critical groups are skipped; null turns it off", allowNull: true)
                ?? defaults.CpuPressure,
            KeepMetrics = section.Duration("keepMetrics", "14d") ?? defaults.KeepMetrics,
            KeepHistory = section.Duration("keepHistory", "30d") ?? defaults.KeepHistory,
            GracePeriod = section.Duration("gracePeriod", "10s") ?? defaults.GracePeriod,
        };
    }

    private AdaptiveSettings ReadAdaptive(JsonObjectReader top)
    {
        var defaults = new AdaptiveSettings();
        var section = Section(top, "adaptive", JobsFileKeys.Adaptive);
        if (section is null)
        {
            return defaults;
        }

        var enabled = section.Bool("enabled");
        var idleBelow = section.Number("idleBelowCpu", 0, 100, "the CPU use in % below which the machine counts as idle");
        var busyAbove = section.Number("busyAboveCpu", 0, 100, "the CPU use in % above which the machine counts as busy");
        // A value already reported as wrong is not compared again: one mistake, one message.
        var bandsReadable = (!section.Has("idleBelowCpu") || idleBelow is not null) && (!section.Has("busyAboveCpu") || busyAbove is not null);
        if (bandsReadable && (idleBelow is not null || busyAbove is not null))
        {
            var idle = idleBelow ?? defaults.IdleBelowCpu;
            var busy = busyAbove ?? defaults.BusyAboveCpu;
            if (idle >= busy)
            {
                var idleText = MessageText.Number(idle) + (idleBelow is null ? ", the default" : string.Empty);
                var busyText = MessageText.Number(busy) + (busyAbove is null ? ", the default" : string.Empty);
                problems.Add(
                    section.FieldLocation(idleBelow is null ? "busyAboveCpu" : "idleBelowCpu"),
                    $"idleBelowCpu ({idleText}) must be lower than busyAboveCpu ({busyText}): between the two lies the normal band, where intervals keep their base length.");
            }
        }

        var idleFactor = section.AnyNumber("idleFactor", "a number above 0 and at most 1, such as 0.8");
        if (idleFactor is <= 0)
        {
            problems.Add(section.FieldLocation("idleFactor"), $"{section.RawNumber("idleFactor")} is not above 0. Write a factor above 0 and at most 1, such as 0.8 (10m becomes 8m while idle).");
            idleFactor = null;
        }
        else if (idleFactor is > 1)
        {
            problems.Add(section.FieldLocation("idleFactor"), $"{section.RawNumber("idleFactor")} is above 1, which would stretch intervals while the machine is idle. Write a factor above 0 and at most 1, such as 0.8 (10m becomes 8m).");
            idleFactor = null;
        }

        var busyFactor = section.AnyNumber("busyFactor", "a number of at least 1, such as 1.5");
        if (busyFactor is <= 0)
        {
            problems.Add(section.FieldLocation("busyFactor"), $"{section.RawNumber("busyFactor")} is not above 0. Write a factor of at least 1, such as 1.5 (10m becomes 15m while busy).");
            busyFactor = null;
        }
        else if (busyFactor is < 1)
        {
            problems.Add(section.FieldLocation("busyFactor"), $"{section.RawNumber("busyFactor")} is below 1, which would shorten intervals while the machine is busy. Write a factor of at least 1, such as 1.5 (10m becomes 15m).");
            busyFactor = null;
        }

        return new AdaptiveSettings
        {
            Enabled = enabled ?? defaults.Enabled,
            IdleBelowCpu = idleBelow ?? defaults.IdleBelowCpu,
            BusyAboveCpu = busyAbove ?? defaults.BusyAboveCpu,
            IdleFactor = idleFactor ?? defaults.IdleFactor,
            BusyFactor = busyFactor ?? defaults.BusyFactor,
            Hysteresis = section.Number("hysteresis", 0, 100, "points of CPU % a band must be crossed by before it changes") ?? defaults.Hysteresis,
            Window = section.Duration("window", "1m") ?? defaults.Window,
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

        var shownName = PeekName(item);
        var label = shownName is null ? indexLabel : $"group {MessageText.Quote(shownName)}";
        var group = new JsonObjectReader(item, label, JobsFileKeys.Group, problems);
        var name = ReadName(group, "\"health-check\"");

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

        var every = group.Duration("every", "10m");
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
        var steps = ReadSteps(group);

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
        var minEvery = group.Duration("minEvery", "5m");
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

    private List<StepDefinition>? ReadSteps(JsonObjectReader group)
    {
        if (!group.TryGet("steps", out var element))
        {
            problems.Add(group.FieldLocation("steps"), $"is missing. A group needs at least one step, such as \"steps\": [ {StepExample} ].");
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            group.WrongType("steps", element, $"an array of steps such as [ {StepExample} ]", optional: false);
            return null;
        }

        var steps = new List<StepDefinition>();
        var names = new List<(string Location, string Label, string Name)>();
        var complete = true;
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var (name, step) = ReadStep(item, index, group.Location);
            if (name is not null)
            {
                var indexLabel = string.Create(CultureInfo.InvariantCulture, $"steps[{index}]");
                names.Add((JsonObjectReader.Join(JsonObjectReader.Join(group.Location, indexLabel), "field 'name'"), indexLabel, name));
            }

            if (step is null)
            {
                complete = false;
            }
            else
            {
                steps.Add(step);
            }

            index++;
        }

        if (index == 0)
        {
            problems.Add(group.FieldLocation("steps"), $"is empty. A group needs at least one step, such as {StepExample}.");
            return null;
        }

        NameRules.ReportDuplicates(names, "step", "within a group", problems);
        return complete ? steps : null;
    }

    private (string? Name, StepDefinition? Step) ReadStep(JsonElement item, int index, string groupLabel)
    {
        var indexLabel = JsonObjectReader.Join(groupLabel, string.Create(CultureInfo.InvariantCulture, $"steps[{index}]"));
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add(indexLabel, $"expected a step object such as {StepExample}, found {MessageText.Describe(item)}.");
            return (null, null);
        }

        var shownName = PeekName(item);
        var label = shownName is null ? indexLabel : JsonObjectReader.Join(groupLabel, $"step {MessageText.Quote(shownName)}");
        var step = new JsonObjectReader(item, label, JobsFileKeys.Step, problems);
        var name = ReadName(step, "\"check\"");
        var run = ReadRun(step);
        var args = step.StringArray("args", "[\"--window\", \"1h\"]");
        var cwd = step.String("cwd", required: false, "\"scripts\"");
        var env = ReadEnv(step);
        var timeout = step.Duration("timeout", "5m");
        var continueOnError = step.Bool("continueOnError");
        var successCodes = ReadSuccessCodes(step);
        var with = ReadWith(step, run);

        var definition = name is not null && run is not null
            ? new StepDefinition
            {
                Name = name,
                Run = run,
                Args = args ?? [],
                Cwd = cwd,
                Env = env,
                Timeout = timeout,
                ContinueOnError = continueOnError ?? false,
                SuccessCodes = successCodes ?? [0],
                With = with,
            }
            : null;
        return (name, definition);
    }

    private string? ReadRun(JsonObjectReader step)
    {
        var run = step.String("run", required: true, "\"scripts/check.py\" or \"builtin:health\"");
        if (run is null)
        {
            return null;
        }

        var location = step.FieldLocation("run");
        if (run.Any(char.IsControl))
        {
            problems.Add(location, $"{MessageText.Quote(run)} contains a control character, which a program path cannot have.");
            return null;
        }

        if (!string.Equals(run, run.Trim(), StringComparison.Ordinal))
        {
            problems.Add(location, $"{MessageText.Quote(run)} starts or ends with a space, which would become part of the path. Remove it.");
            return null;
        }

        const string Prefix = StepDefinition.BuiltinPrefix;
        if (!run.StartsWith(Prefix, StringComparison.Ordinal))
        {
            if (run.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(location, $"{MessageText.Quote(run)}: the prefix is written in lower case. Did you mean {MessageText.Quote(Prefix + run[Prefix.Length..])}?");
                return null;
            }

            return run;
        }

        var builtin = run[Prefix.Length..];
        var known = knownBuiltins?.Order(StringComparer.Ordinal).ToList();
        var knownText = known is null ? string.Empty
            : known.Count == 0 ? " No built-in steps are registered."
            : $" Known built-ins: {MessageText.List(known)}.";
        if (builtin.Length == 0)
        {
            problems.Add(location, $"names no built-in step after '{Prefix}'. Write {Prefix}NAME.{knownText}");
            return null;
        }

        if (known is not null && !knownBuiltins!.Contains(builtin))
        {
            problems.Add(location, $"{MessageText.Quote(run)} is not a built-in step.{Spelling.DidYouMean(builtin, known, Prefix)}{knownText}");
            return null;
        }

        return run;
    }

    private Dictionary<string, string> ReadEnv(JsonObjectReader step)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!step.TryGet("env", out var element))
        {
            return env;
        }

        const string Expected = "an object of strings such as { \"API_TOKEN\": \"${API_TOKEN}\" }";
        if (element.ValueKind != JsonValueKind.Object)
        {
            step.WrongType("env", element, Expected);
            return env;
        }

        var location = step.FieldLocation("env");
        foreach (var variable in element.EnumerateObject())
        {
            var name = variable.Name;
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Any(char.IsControl))
            {
                problems.Add(location, $"{MessageText.Quote(name)} is not a valid environment variable name: it must be non-empty, without '=' or control characters.");
                continue;
            }

            if (variable.Value.ValueKind != JsonValueKind.String)
            {
                var quoted = variable.Value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                    ? $" Put it in quotes: \"{MessageText.Printable(variable.Value.GetRawText(), JobsFileLimits.MaxQuotedLength)}\"."
                    : string.Empty;
                problems.Add(location, $"variable {MessageText.Quote(name)} is {MessageText.Describe(variable.Value)}; environment values are strings.{quoted}");
                continue;
            }

            if (!env.TryAdd(name, variable.Value.GetString() ?? string.Empty))
            {
                problems.Add(location, $"variable {MessageText.Quote(name)} appears more than once. Keep one of them.");
            }
        }

        return env;
    }

    private List<int>? ReadSuccessCodes(JsonObjectReader step)
    {
        if (!step.TryGet("successCodes", out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            step.WrongType("successCodes", element, "an array of exit codes such as [0, 3]");
            return null;
        }

        var location = step.FieldLocation("successCodes");
        var codes = new List<int>();
        var ok = true;
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var code))
            {
                codes.Add(code);
            }
            else if (item.ValueKind == JsonValueKind.Number && item.TryGetDouble(out var number) && double.IsFinite(number)
                && number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue)
            {
                codes.Add((int)number);
            }
            else
            {
                problems.Add(location, $"item {index} is {MessageText.Describe(item)}; exit codes are whole numbers such as 0 or 3.");
                ok = false;
            }

            index++;
        }

        if (index == 0)
        {
            problems.Add(location, "is empty, so no exit code would count as success. Remove it to accept only 0, or list the codes, such as [0, 3].");
            return null;
        }

        return ok ? codes : null;
    }

    private JsonElement? ReadWith(JsonObjectReader step, string? run)
    {
        if (!step.TryGet("with", out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            step.WrongType("with", element, "an object of options such as { \"cpuDegraded\": 85 }");
            return null;
        }

        if (run is not null && !run.StartsWith(StepDefinition.BuiltinPrefix, StringComparison.Ordinal))
        {
            problems.Add(
                step.FieldLocation("with"),
                $"is read only by built-in steps (\"run\": \"builtin:NAME\"), and {MessageText.Quote(run)} is a program. Pass a program its options with 'args' or 'env'.");
            return null;
        }

        // The document is disposed when reading ends; a clone owns its own copy of the bytes.
        return element.Clone();
    }

    private static string? ReadName(JsonObjectReader reader, string example)
    {
        var name = reader.String("name", required: true, example);
        if (name is not null && NameRules.Check(name) is { } problem)
        {
            reader.Problems.Add(reader.FieldLocation("name"), problem);
        }

        return name;
    }

    /// <summary>The name to label an entry with in messages, even before it has been checked.</summary>
    private static string? PeekName(JsonElement item)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (property.NameEquals("name"))
            {
                return property.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(property.Value.GetString())
                    ? property.Value.GetString()
                    : null;
            }
        }

        return null;
    }
}
