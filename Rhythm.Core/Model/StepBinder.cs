using System.Globalization;
using System.Text.Json;
using Rhythm.Steps;

namespace Rhythm.Model;

/// <summary>Reads a group's <c>steps</c>: each step's fields, built-in names, and unique step names.</summary>
internal sealed class StepBinder(ProblemList problems, IReadOnlyCollection<StepRegistration>? builtins)
{
    private readonly Dictionary<string, StepRegistration>? _builtins = builtins?.DistinctBy(r => r.Name, StringComparer.Ordinal)
        .ToDictionary(r => r.Name, StringComparer.Ordinal);

    // For messages; null when the reader was given no built-ins and skips the check.
    private readonly List<string>? _knownNames = builtins?.Select(r => r.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private const string StepExample = "{ \"name\": \"check\", \"run\": \"scripts/check.py\" }";

    public List<StepDefinition>? ReadSteps(JsonObjectReader group)
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

        var shownName = NameRules.Peek(item);
        var label = shownName is null ? indexLabel : JsonObjectReader.Join(groupLabel, $"step {MessageText.Quote(shownName)}");
        var step = new JsonObjectReader(item, label, JobsFileKeys.Step, problems);
        var name = NameRules.Read(step, "\"check\"");
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
        var known = _knownNames;
        var knownText = known is null ? string.Empty
            : known.Count == 0 ? " No built-in steps are registered."
            : $" Known built-ins: {MessageText.List(known)}.";
        if (builtin.Length == 0)
        {
            problems.Add(location, $"names no built-in step after '{Prefix}'. Write {Prefix}NAME.{knownText}");
            return null;
        }

        if (known is not null && !_builtins!.ContainsKey(builtin))
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
            // A built-in may need an option (http-probe its url), so no options is checked too.
            CheckOptions(step, run, null);
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

        if (!CheckOptions(step, run, element))
        {
            return null;
        }

        // The document is disposed when reading ends; a clone owns its own copy of the bytes.
        return element.Clone();
    }

    /// <summary>Runs the built-in's own check of its options, if it has one, reporting each problem; false when it found any.</summary>
    /// <remarks>
    /// Checked when the file is read, not when the step first runs: a misspelt threshold would otherwise pass
    /// <c>rhythm validate</c> and a reload, and the step would fail hours later.
    /// </remarks>
    private bool CheckOptions(JsonObjectReader step, string? run, JsonElement? with)
    {
        if (run is null || !run.StartsWith(StepDefinition.BuiltinPrefix, StringComparison.Ordinal)
            || _builtins?.GetValueOrDefault(run[StepDefinition.BuiltinPrefix.Length..])?.CheckOptions is not { } check)
        {
            return true;
        }

        IReadOnlyList<string>? found;
        try
        {
            found = check(with);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A check registered by an embedding app must not take validation (or a running host's reload) down.
            found = [$"checking the options of {MessageText.Quote(run)} failed: {e.Message}"];
        }

        if (found is null || found.Count == 0)
        {
            return true;
        }

        var location = step.FieldLocation("with");
        foreach (var problem in found)
        {
            problems.Add(location, problem);
        }

        return false;
    }
}
