namespace Rhythm.Model;

/// <summary>A parsed and validated jobs.json.</summary>
public sealed record JobsFile
{
    /// <summary>The full path of the file this was read from, or a label such as <c>(inline)</c>.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Engine-wide settings.</summary>
    public RhythmSettings Rhythm { get; init; } = new();

    /// <summary>The load bands and factors.</summary>
    public AdaptiveSettings Adaptive { get; init; } = new();

    /// <summary>The task groups in file order.</summary>
    public required IReadOnlyList<GroupDefinition> Groups { get; init; }

    /// <summary>The folder relative paths in the file are resolved against.</summary>
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(SourcePath)) ?? Directory.GetCurrentDirectory();

    /// <summary>The store path resolved against <see cref="BaseDirectory"/>.</summary>
    public string StorePath => Path.GetFullPath(Path.Combine(BaseDirectory, Rhythm.Store));

    /// <summary>Finds a group by name, or <see langword="null"/>.</summary>
    public GroupDefinition? Find(string name) => Groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.Ordinal));
}
