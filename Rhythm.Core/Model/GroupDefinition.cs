namespace Rhythm.Model;

/// <summary>A task group: one Quartz job whose steps run in order on the group's own rhythm.</summary>
public sealed record GroupDefinition
{
    /// <summary>The group's name, unique in the file; also its Quartz job and trigger name.</summary>
    public required string Name { get; init; }

    /// <summary>When the group is due.</summary>
    public required GroupSchedule Schedule { get; init; }

    /// <summary>Groups that must have succeeded since this group's previous run started.</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>How much the group matters under pressure. The default is <see cref="Priority.Medium"/>.</summary>
    public Priority Priority { get; init; } = Priority.Medium;

    /// <summary>A disabled group stays in the file but is not scheduled.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Whether the adaptive rhythm may stretch or shrink an <c>every</c> interval. The default is true.</summary>
    public bool Adaptive { get; init; } = true;

    /// <summary>The shortest interval the adaptive rhythm may choose, or <see langword="null"/>.</summary>
    public TimeSpan? MinEvery { get; init; }

    /// <summary>The longest interval the adaptive rhythm may choose, or <see langword="null"/>.</summary>
    public TimeSpan? MaxEvery { get; init; }

    /// <summary>The steps, run in order.</summary>
    public required IReadOnlyList<StepDefinition> Steps { get; init; }
}
