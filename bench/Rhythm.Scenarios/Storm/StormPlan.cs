using System.Globalization;
using Rhythm.Model;

namespace Rhythm.Scenarios.Storm;

/// <summary>One of the 42 recurring tasks.</summary>
internal sealed record StormTask(string Name, TimeSpan Period, Priority Priority)
{
    /// <summary>How many times it is due in <paramref name="window"/> from the start: at 0, P, 2P, ...</summary>
    public int DueIn(TimeSpan window) => (int)Math.Ceiling(window / Period);
}

/// <summary>
/// The storm: 42 tasks with periods drawn uniformly from 1-3 s by a fixed seed; 4 critical, 10 high, and the other
/// 28 alternately medium and low. Each run burns 200 ms of CPU in a child process.
/// </summary>
/// <remarks>
/// The mean rate is 42 x ln(3)/2 = 23 runs/s, so 4.6 CPU-seconds of work arrive every second: 2.3 times what two
/// cores can do. That is the seed's situation, more recurring work than the machine has.
/// </remarks>
internal sealed class StormPlan
{
    public const int Seed = 20_260_105;
    public const int Tasks = 42;
    public static readonly TimeSpan Burn = TimeSpan.FromMilliseconds(200);

    public StormPlan()
    {
        var random = new Random(Seed);
        var tasks = new List<StormTask>(Tasks);
        for (var i = 0; i < Tasks; i++)
        {
            var period = TimeSpan.FromMilliseconds(Math.Round(1000 + (random.NextDouble() * 2000)));
            var priority = i < 4 ? Priority.Critical : i < 14 ? Priority.High : i % 2 == 0 ? Priority.Medium : Priority.Low;
            tasks.Add(new StormTask(string.Create(CultureInfo.InvariantCulture, $"{Short(priority)}-{i + 1:00}"), period, priority));
        }

        All = tasks;
    }

    public IReadOnlyList<StormTask> All { get; }

    public static string Short(Priority priority) => priority switch
    {
        Priority.Critical => "crit",
        Priority.High => "high",
        Priority.Medium => "med",
        _ => "low",
    };
}
