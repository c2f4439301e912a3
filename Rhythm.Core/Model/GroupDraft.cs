namespace Rhythm.Model;

/// <summary>What the rules between groups need to know about one group, whether or not it read cleanly.</summary>
/// <param name="IndexLabel">Its position, <c>groups[2]</c>, for messages about its name.</param>
/// <param name="Label">How messages name it: <c>group 'x'</c>, or the index label when it has no usable name.</param>
/// <param name="Name">Its name as written, or <see langword="null"/> when it has none.</param>
/// <param name="Enabled">Whether it will be scheduled.</param>
/// <param name="After">The names in its <c>after</c> list, as written.</param>
/// <param name="Definition">The finished record, or <see langword="null"/> when something in the group was wrong.</param>
internal sealed record GroupDraft(string IndexLabel, string Label, string? Name, bool Enabled, IReadOnlyList<string> After, GroupDefinition? Definition);
