using System.Text.Json;

namespace Rhythm.Steps;

/// <summary>
/// Names a registered built-in step so that jobs.json validation can tell a typo from a real step, and can check
/// the step's <c>with</c> options before the file is applied rather than when the step first runs.
/// </summary>
/// <param name="Name">The name after <c>builtin:</c>.</param>
/// <param name="CheckOptions">
/// Checks a step's <c>with</c> object (null when the step has none): returns an empty list when the options are
/// valid, otherwise each thing that is wrong, naming the option and what to write instead. The reader reports each
/// as its own problem and adds where in the file. <see langword="null"/> when the step takes any options.
/// </param>
public sealed record StepRegistration(string Name, Func<JsonElement?, IReadOnlyList<string>>? CheckOptions = null);
