using Rhythm.Model;

namespace Rhythm.Steps;

/// <summary>The keys step implementations are registered under in the service container.</summary>
public static class StepKeys
{
    /// <summary>The key of the runner for steps whose <c>run</c> is a program or script path.</summary>
    public const string Program = "program";

    /// <summary>The key of the built-in step called <paramref name="name"/> (<c>builtin:NAME</c>).</summary>
    public static string Builtin(string name) => StepDefinition.BuiltinPrefix + name;
}
