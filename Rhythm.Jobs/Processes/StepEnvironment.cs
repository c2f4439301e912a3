using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Rhythm.Jobs.Processes;

/// <summary>The variables a step adds to the host's environment, with <c>${VAR}</c> expanded, and the secrets to mask.</summary>
internal sealed partial class StepEnvironment
{
    /// <summary>Set in every step's environment; descendants inherit it, so a process that left the step's session is still known.</summary>
    public const string TreeVariable = "RHYTHM_PROCESS_TREE";

    /// <summary>
    /// The store, group and step the process runs for, also inherited: a host that died before it could record a
    /// step's process in the ledger leaves only these for the next host to find it by (and a script may read them).
    /// </summary>
    public const string StoreVariable = "RHYTHM_STORE";

    public const string GroupVariable = "RHYTHM_GROUP";

    public const string StepVariable = "RHYTHM_STEP";

    // An inherited variable is not chosen for the step, so a short value ("us" in KEYBOARD_LAYOUT) is more likely
    // an ordinary word than a secret; masking it everywhere would make the output unreadable.
    private const int MinimumInheritedSecretLength = 8;

    private StepEnvironment(IReadOnlyDictionary<string, string> variables, string? searchPath, SecretRedactor redactor)
    {
        Variables = variables;
        SearchPath = searchPath;
        Redactor = redactor;
    }

    /// <summary>The step's own variables after expansion.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>The PATH the step will see, used to find its interpreter.</summary>
    public string? SearchPath { get; }

    public SecretRedactor Redactor { get; }

    public static StepEnvironment Build(IReadOnlyDictionary<string, string> declared, ILogger logger)
    {
        var variables = new Dictionary<string, string>(declared.Count, OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var (name, value) in declared)
        {
            variables[name] = Reference().Replace(value, match =>
            {
                var referenced = match.Groups[1].Value;
                var found = Environment.GetEnvironmentVariable(referenced);
                if (found is null)
                {
                    logger.UnknownEnvironmentReference(name, referenced);
                }

                return found ?? string.Empty;
            });
        }

        var secrets = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value && value.Length >= MinimumInheritedSecretLength
                && !variables.ContainsKey(name) && SecretRedactor.IsSecretName(name))
            {
                secrets.Add(value);
            }
        }

        foreach (var (name, value) in variables)
        {
            if (!SecretRedactor.IsSecretName(name) || value.Length == 0)
            {
                continue;
            }

            if (value.Length < SecretRedactor.MinimumSecretLength)
            {
                // Named, never shown: the value is not hidden, so the log must not be what reveals it.
                logger.SecretTooShortToMask(name, SecretRedactor.MinimumSecretLength);
                continue;
            }

            secrets.Add(value);
        }

        var searchPath = variables.TryGetValue("PATH", out var path) ? path : Environment.GetEnvironmentVariable("PATH");
        return new StepEnvironment(variables, searchPath, new SecretRedactor(secrets));
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
