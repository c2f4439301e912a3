namespace Rhythm.Tests.Support;

/// <summary>Waits for a condition with a generous limit instead of sleeping a guessed amount.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(20);

    public static async Task<T> WaitFor<T>(Func<T?> probe, string what, TimeSpan? limit = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (true)
        {
            var value = probe();
            if (value is not null)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {(limit ?? DefaultLimit).TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }

    public static async Task Until(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {(limit ?? DefaultLimit).TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }
}
