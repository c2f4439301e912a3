using System.Globalization;

namespace Rhythm.Model;

/// <summary>The rules between groups: unique names, <c>after</c> naming real, enabled groups, and no cycles.</summary>
internal static class GroupRules
{
    public static void Check(IReadOnlyList<GroupDraft> groups, ProblemList problems)
    {
        var named = groups.Where(g => g.Name is not null).ToList();
        NameRules.ReportDuplicates(
            named.Select(g => (JsonObjectReader.Join(g.IndexLabel, "field 'name'"), g.IndexLabel, g.Name!)),
            "group",
            "in the file",
            problems);

        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < named.Count; i++)
        {
            byName.TryAdd(named[i].Name!, i);
        }

        // In file order, so that the messages read top to bottom like the file does.
        var edges = new List<int>[named.Count];
        var self = 0;
        foreach (var group in groups)
        {
            if (group.Name is null)
            {
                CheckAfter(group, -1, named, byName, problems);
                continue;
            }

            edges[self] = CheckAfter(group, self, named, byName, problems);
            self++;
        }

        ReportCycles(named, edges, problems);
    }

    /// <summary>Reports what is wrong with one group's <c>after</c> list and returns the groups it really waits for.</summary>
    private static List<int> CheckAfter(GroupDraft group, int self, List<GroupDraft> named, Dictionary<string, int> byName, ProblemList problems)
    {
        var targets = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var location = JsonObjectReader.Join(group.Label, "field 'after'");
        for (var k = 0; k < group.After.Count; k++)
        {
            var name = group.After[k];
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add(location, string.Create(CultureInfo.InvariantCulture, $"item {k} is empty. Write the name of a group this one runs after."));
                continue;
            }

            if (!seen.Add(name))
            {
                problems.Add(location, $"names {MessageText.Quote(name)} more than once. Keep one of them.");
                continue;
            }

            if (!byName.TryGetValue(name, out var target))
            {
                if (problems.IsFull)
                {
                    problems.Add(location, string.Empty);
                    continue;
                }

                var others = named.Where((_, i) => i != self).Select(g => g.Name!).Distinct(StringComparer.Ordinal).ToList();
                var known = others.Count == 0 ? " There are no other groups in the file." : $" Known groups: {MessageText.List(others)}.";
                problems.Add(location, $"{MessageText.Quote(name)} is not a group.{Spelling.DidYouMean(name, others)}{known}");
                continue;
            }

            if (target == self)
            {
                problems.Add(location, $"{MessageText.Quote(name)} is this group itself; a group cannot run after itself. Remove it.");
                continue;
            }

            if (group.Enabled && !named[target].Enabled)
            {
                problems.Add(
                    location,
                    $"{MessageText.Quote(name)} is disabled (\"enabled\": false), so {group.Label} would wait for it forever. Enable {MessageText.Quote(name)} or remove it from 'after'.");
            }

            targets.Add(target);
        }

        return targets;
    }

    /// <summary>
    /// Finds each dependency cycle once and names all of it. Groups that cannot be on a cycle are peeled off first;
    /// every group left waits for another group left, so following first edges must come back round. Iterative,
    /// because a hostile file can chain thousands of groups.
    /// </summary>
    private static void ReportCycles(List<GroupDraft> named, List<int>[] edges, ProblemList problems)
    {
        var count = named.Count;
        var waitsFor = new int[count];
        var waitedOnBy = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            waitedOnBy[i] = [];
        }

        for (var i = 0; i < count; i++)
        {
            waitsFor[i] = edges[i].Count;
            foreach (var target in edges[i])
            {
                waitedOnBy[target].Add(i);
            }
        }

        var peeled = new bool[count];
        var queue = new Queue<int>(Enumerable.Range(0, count).Where(i => waitsFor[i] == 0));
        while (queue.TryDequeue(out var node))
        {
            peeled[node] = true;
            foreach (var waiter in waitedOnBy[node])
            {
                if (--waitsFor[waiter] == 0)
                {
                    queue.Enqueue(waiter);
                }
            }
        }

        const int Unvisited = 0, OnPath = 1, Done = 2;
        var state = new int[count];
        var positionOnPath = new int[count];
        for (var start = 0; start < count; start++)
        {
            if (peeled[start] || state[start] != Unvisited)
            {
                continue;
            }

            var path = new List<int>();
            var current = start;
            while (state[current] == Unvisited)
            {
                state[current] = OnPath;
                positionOnPath[current] = path.Count;
                path.Add(current);
                current = edges[current].First(next => !peeled[next]);
            }

            if (state[current] == OnPath)
            {
                Report(path.GetRange(positionOnPath[current], path.Count - positionOnPath[current]), named, problems);
            }

            foreach (var node in path)
            {
                state[node] = Done;
            }
        }
    }

    private static void Report(List<int> cycle, List<GroupDraft> named, ProblemList problems)
    {
        // Start from the group that comes first in the file, so the same file always gives the same message.
        var first = cycle.IndexOf(cycle.Min());
        var ordered = cycle.Skip(first).Concat(cycle.Take(first)).ToList();
        var names = ordered.Take(JobsFileLimits.MaxListedNames).Select(i => MessageText.Printable(named[i].Name!, JobsFileLimits.MaxQuotedLength)).ToList();
        if (ordered.Count > JobsFileLimits.MaxListedNames)
        {
            names.Add(string.Create(CultureInfo.InvariantCulture, $"... ({ordered.Count} groups in all)"));
        }

        names.Add(MessageText.Printable(named[ordered[0]].Name!, JobsFileLimits.MaxQuotedLength));
        problems.Add(
            JsonObjectReader.Join(named[ordered[0]].Label, "field 'after'"),
            $"these groups wait for each other in a cycle: {string.Join(" -> ", names)}. None of them would ever run. Remove one of these 'after' entries.");
    }
}
