namespace Rhythm.Scenarios.Common;

internal static class Clock
{
    /// <summary>Waits until <paramref name="at"/>, or not at all when it has passed.</summary>
    public static Task DelayUntil(DateTimeOffset at)
    {
        var wait = at - DateTimeOffset.UtcNow;
        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }
}
