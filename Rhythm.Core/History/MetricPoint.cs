namespace Rhythm.History;

/// <summary>One load sample in the metrics time series.</summary>
public sealed record MetricPoint
{
    /// <summary>When it was taken.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>CPU % at that moment.</summary>
    public required double Cpu { get; init; }

    /// <summary>Memory % at that moment.</summary>
    public required double Memory { get; init; }

    /// <summary>CPU % averaged over the smoothing window, which is what decisions use.</summary>
    public required double SmoothedCpu { get; init; }

    /// <summary>Memory % averaged over the smoothing window.</summary>
    public required double SmoothedMemory { get; init; }

    /// <summary>idle, normal or busy.</summary>
    public required string Band { get; init; }

    /// <summary>The interval factor that band applies.</summary>
    public required double Factor { get; init; }
}
