namespace Rhythm.Steps;

/// <summary>Names a registered built-in step so that jobs.json validation can tell a typo from a real step.</summary>
/// <param name="Name">The name after <c>builtin:</c>.</param>
public sealed record StepRegistration(string Name);
