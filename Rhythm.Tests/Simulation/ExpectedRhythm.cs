namespace Rhythm.Tests.Simulation;

/// <summary>
/// The README's rules for when a group runs, written out on their own so that a simulated timeline is checked against
/// the documented behaviour rather than against the engine's own arithmetic. Steps take no time and succeed, as in a
/// simulation; there is no memory or CPU pressure.
/// </summary>
/// <remarks>
/// The rules: a new <c>every</c> group runs at start-up, then every base interval x the band's factor; a band change
/// re-times every such group to last fire + new interval (or the change itself, if that is already past); an <c>at</c>
/// group runs at its time of day; a group with <c>after</c> runs only when every group it names has succeeded since
/// its own previous run started, otherwise it waits and runs as the last missing dependency succeeds.
/// </remarks>
internal static class ExpectedRhythm
{
    /// <summary>A group as the rules see it: <paramref name="Every"/> or <paramref name="At"/> (time after the start of the day).</summary>
    public sealed record Group(string Name, TimeSpan? Every, TimeSpan? At, params string[] After)
    {
        public static Group Interval(string name, TimeSpan every, params string[] after) => new(name, every, null, after);

        public static Group Daily(string name, TimeSpan at, params string[] after) => new(name, null, at, after);
    }

    /// <summary>The band factor in force from a time on (time after the start).</summary>
    public sealed record Band(TimeSpan From, double Factor);

    /// <summary>What the rules expect: each group's run starts and the moments it had to wait.</summary>
    public sealed record Timeline(IReadOnlyDictionary<string, List<TimeSpan>> Starts, IReadOnlyList<(string Group, TimeSpan At)> Waits);

    /// <param name="groups">The groups, each listed after the groups it names in <c>after</c>.</param>
    /// <param name="bands">The band factors, the first from zero.</param>
    /// <param name="until">The end of the period; a run due exactly then belongs to the next one.</param>
    public static Timeline Play(IReadOnlyList<Group> groups, IReadOnlyList<Band> bands, TimeSpan until)
    {
        var state = groups.ToDictionary(g => g.Name, g => new GroupState(g));
        foreach (var group in groups)
        {
            // Same-instant fires are taken in this order, so a dependency due with its dependant has run by then.
            Assert.That(group.After.All(d => groups.TakeWhile(g => g != group).Any(g => g.Name == d)), $"'{group.Name}' is listed after its dependencies");
        }

        var factor = bands[0].Factor;
        foreach (var s in state.Values)
        {
            s.Interval = Scaled(s.Group.Every, factor);
            s.Next = s.Group.Every is not null ? TimeSpan.Zero : s.Group.At;
        }

        var waits = new List<(string, TimeSpan)>();
        var bandChanges = new Queue<Band>(bands.Skip(1));
        while (true)
        {
            var fire = state.Values.Min(s => s.Next!.Value);
            if (bandChanges.TryPeek(out var change) && change.From <= fire && change.From < until)
            {
                bandChanges.Dequeue();
                foreach (var s in state.Values.Where(s => s.Group.Every is not null))
                {
                    s.Interval = Scaled(s.Group.Every, change.Factor);
                    var next = s.LastFire!.Value + s.Interval;
                    s.Next = next > change.From ? next : change.From;
                }

                continue;
            }

            if (fire >= until)
            {
                break;
            }

            foreach (var s in state.Values.Where(s => s.Next == fire).ToList())
            {
                s.LastFire = fire;
                s.Next = fire + (s.Group.Every is not null ? s.Interval : TimeSpan.FromDays(1));
                if (DependenciesMet(s, state))
                {
                    Start(s, fire, state);
                }
                else
                {
                    s.Waiting = true;
                    waits.Add((s.Group.Name, fire));
                }
            }
        }

        return new Timeline(state.ToDictionary(p => p.Key, p => p.Value.Starts), waits);
    }

    private static TimeSpan Scaled(TimeSpan? every, double factor)
        => every is { } interval ? TimeSpan.FromMilliseconds(Math.Round(interval.TotalMilliseconds * factor)) : TimeSpan.Zero;

    private static bool DependenciesMet(GroupState s, Dictionary<string, GroupState> state)
        => s.Group.After.All(d => state[d].LastSuccess is { } success && (s.LastStart is null || success > s.LastStart));

    private static void Start(GroupState s, TimeSpan at, Dictionary<string, GroupState> state)
    {
        s.Starts.Add(at);
        s.LastStart = at;
        s.LastSuccess = at;
        s.Waiting = false;
        foreach (var dependant in state.Values.Where(d => d.Waiting && d.Group.After.Contains(s.Group.Name) && DependenciesMet(d, state)).ToList())
        {
            Start(dependant, at, state);
        }
    }

    private sealed class GroupState(Group group)
    {
        public Group Group { get; } = group;

        public TimeSpan Interval { get; set; }

        public TimeSpan? Next { get; set; }

        public TimeSpan? LastFire { get; set; }

        public TimeSpan? LastStart { get; set; }

        public TimeSpan? LastSuccess { get; set; }

        public bool Waiting { get; set; }

        public List<TimeSpan> Starts { get; } = [];
    }
}
