namespace Rhythm.Jobs.Builtins.HttpProbe;

/// <summary>What <c>builtin:http-probe</c> uses when <c>with</c> does not say.</summary>
internal static class HttpProbeDefaults
{
    /// <summary>How long the whole request may take before the probe gives up.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The seed's threshold: a response slower than this counts as high latency.</summary>
    public static readonly TimeSpan MaxLatency = TimeSpan.FromMilliseconds(300);
}
