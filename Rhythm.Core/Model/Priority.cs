namespace Rhythm.Model;

/// <summary>How much a group matters when the machine is short of CPU or memory.</summary>
public enum Priority
{
    /// <summary>Shed first under memory pressure.</summary>
    Low = 0,

    /// <summary>The default. Shed under memory pressure.</summary>
    Medium = 1,

    /// <summary>Runs under memory pressure; shed under CPU pressure.</summary>
    High = 2,

    /// <summary>Always runs, and starts first when slots are scarce.</summary>
    Critical = 3,
}
