namespace Rhythm.Jobs.Builtins.Cleanup;

/// <summary>What <c>builtin:cleanup</c> uses when <c>with</c> does not say.</summary>
internal static class CleanupDefaults
{
    /// <summary>A process matching <c>killPattern</c> is killed only when it has run longer than this.</summary>
    public static readonly TimeSpan OlderThan = TimeSpan.FromHours(1);

    /// <summary>Whether the store is checkpointed and vacuumed after pruning.</summary>
    public const bool Compact = true;
}
