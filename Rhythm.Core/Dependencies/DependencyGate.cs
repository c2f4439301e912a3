using System.Globalization;
using Rhythm.Model;

namespace Rhythm.Dependencies;

/// <summary>
/// Decides whether a group's dependencies are met: every group it names must have succeeded since this group's
/// previous run started. A failed or skipped dependency keeps it waiting; it never runs on failed input.
/// </summary>
internal sealed class DependencyGate(GroupStateStore states)
{
    /// <summary>Returns null when the group may run, or the reason it must wait.</summary>
    public string? WaitReason(GroupDefinition group)
    {
        if (group.After.Count == 0)
        {
            return null;
        }

        var self = states.Get(group.Name);
        List<string>? missing = null;
        foreach (var dependency in group.After)
        {
            var succeeded = states.Get(dependency).LastSucceededAt;
            var met = succeeded is not null && (self.LastStartedAt is null || succeeded > self.LastStartedAt);
            if (!met)
            {
                missing ??= [];
                missing.Add(succeeded is null
                    ? $"'{dependency}' (no success yet)"
                    : $"'{dependency}' (last success {Format(succeeded.Value)}, before this group's previous start {Format(self.LastStartedAt!.Value)})");
            }
        }

        return missing is null ? null : "waiting for " + string.Join(", ", missing);
    }

    private static string Format(DateTimeOffset value) => value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
