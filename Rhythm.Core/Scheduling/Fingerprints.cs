using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rhythm.Model;

namespace Rhythm.Scheduling;

/// <summary>Short hashes that tell the reconciler whether a group's schedule or definition changed.</summary>
internal static class Fingerprints
{
    private const string PrioritySeparator = "|p";

    /// <summary>What the trigger depends on: the kind of schedule, its value and the priority.</summary>
    public static string Schedule(GroupDefinition group) => group.Schedule.Describe() + PrioritySeparator + (int)group.Priority;

    /// <summary>Reads a <see cref="Schedule(GroupDefinition)"/> fingerprint back: the schedule in words and the priority.</summary>
    public static (string Schedule, Priority? Priority) ParseSchedule(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var separator = fingerprint.LastIndexOf(PrioritySeparator, StringComparison.Ordinal);
        if (separator < 0)
        {
            return (fingerprint, null);
        }

        return int.TryParse(fingerprint.AsSpan(separator + PrioritySeparator.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && Enum.IsDefined((Priority)value)
            ? (fingerprint[..separator], (Priority)value)
            : (fingerprint, null);
    }

    /// <summary>Everything about the group, so a change to a step is noticed too.</summary>
    public static string Definition(GroupDefinition group)
    {
        var text = JsonSerializer.Serialize(new
        {
            schedule = group.Schedule.Describe(),
            group.After,
            group.Priority,
            group.Adaptive,
            group.MinEvery,
            group.MaxEvery,
            steps = group.Steps.Select(s => new { s.Name, s.Run, s.Args, s.Cwd, s.Env, s.Timeout, s.ContinueOnError, s.SuccessCodes, with = s.With?.GetRawText() }),
        });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8);
    }
}
