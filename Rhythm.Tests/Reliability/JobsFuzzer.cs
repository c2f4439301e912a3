using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rhythm.Tests.Reliability;

/// <summary>One mutated jobs.json: how it was made, and its bytes.</summary>
internal sealed record FuzzCase(int Index, string Kind, byte[] Bytes);

/// <summary>
/// Mutates valid jobs.json files with a seeded generator: bit flips, truncation, type swaps, deep nesting, huge
/// numbers, unicode and control characters in names, duplicate keys, stray punctuation, dropped fields and files of
/// about 10 MB. The same seed always gives the same files.
/// </summary>
internal sealed class JobsFuzzer(int seed, IReadOnlyList<string>? seeds = null)
{
    /// <summary>Every hundredth case is a file of about 10 MB.</summary>
    public const int HugeEvery = 100;

    private static readonly string[] Kinds = ["flip", "truncate", "swap", "nest", "number", "name", "duplicate", "junk", "drop", "many-groups"];

    private static readonly string[] Numbers =
    [
        "1e309", "-1e309", "1e-400", "123456789012345678901234567890123", "9223372036854775808", "-9223372036854775809",
        "2147483648", "-0", "0.0000000000000000000000000001", "1.7976931348623157e308", "4294967296", "-1", "0", "1e2",
    ];

    private static readonly string[] Names =
    [
        "\0", "a\0b", "\u202Eevil", "\u0007bell", "tab\there", "new\nline", "\uD83D\uDE00", "e\u0301\u0301\u0301", "   ", "",
        "../../etc/passwd", "builtin:health", "name\"quote", "back\\slash", "\u200B", "\uFEFFbom", "\u00A0", "日本語のグループ",
        "a/b", "CON", "x:y", "%PATH%", "${HOME}", "\u0085next",
    ];

    private static readonly string[] Junk = ["{", "}", "[", "]", ",", ":", "\"", "\\", "/*", "//", "\u0000", "\uFFFF", "null", "1e", "-", "'"];

    private readonly Random _random = new(seed);
    private readonly IReadOnlyList<string> _seeds = seeds ?? Seeds;

    /// <summary>Valid files to mutate: two written for the fuzzer (every field jobs.json has) and the shipped jobs.json.</summary>
    public static IReadOnlyList<string> Seeds { get; } = LoadSeeds();

    public FuzzCase Next(int index)
    {
        var source = _seeds[_random.Next(_seeds.Count)];
        var kind = index % HugeEvery == HugeEvery - 1 ? "huge" : Kinds[_random.Next(Kinds.Length)];
        var bytes = kind switch
        {
            "flip" => Flip(Encoding.UTF8.GetBytes(source)),
            "truncate" => Truncate(Encoding.UTF8.GetBytes(source)),
            "huge" => Huge(source),
            "many-groups" => ManyGroups(),
            "duplicate" => Text(Duplicate(source)),
            "junk" => Text(InsertJunk(source)),
            _ => Text(MutateTree(source, kind)),
        };
        return new FuzzCase(index, kind, bytes);
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private byte[] Flip(byte[] bytes)
    {
        for (var flips = _random.Next(1, 9); flips > 0; flips--)
        {
            bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return bytes;
    }

    private byte[] Truncate(byte[] bytes) => bytes[.._random.Next(bytes.Length)];

    /// <summary>About 10 MB, in one of three shapes: padding, one enormous name, or very many groups.</summary>
    private byte[] Huge(string source)
    {
        const int Size = 10 * 1024 * 1024;
        switch (_random.Next(3))
        {
            case 0:
                return Text(source + new string(' ', Size));
            case 1:
                var root = Parse(source);
                root["groups"]![0]!["name"] = new string('x', Size);
                return Text(root.ToJsonString());
            default:
                var groups = new StringBuilder("{ \"groups\": [");
                for (var i = 0; groups.Length < Size; i++)
                {
                    groups.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}{{\"name\":\"g{i}\",\"every\":\"1h\",\"after\":[\"g{Math.Max(0, i - 1)}\"],\"steps\":[{{\"name\":\"s\",\"run\":\"builtin:health\"}}]}}");
                }

                return Text(groups.Append("] }").ToString());
        }
    }

    /// <summary>Thousands of groups in a long dependency chain, under the size limit: a file that is slow to check, not invalid.</summary>
    private byte[] ManyGroups()
    {
        var count = _random.Next(500, 5000);
        var groups = new StringBuilder("{ \"groups\": [");
        for (var i = 0; i < count; i++)
        {
            var after = i == 0 ? string.Empty : $",\"after\":[\"g{_random.Next(i)}\"]";
            groups.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}{{\"name\":\"g{i}\",\"every\":\"{_random.Next(1, 600)}s\"{after},\"steps\":[{{\"name\":\"s\",\"run\":\"builtin:health\"}}]}}");
        }

        // Sometimes close the chain into a cycle, which must be named, not followed forever.
        if (_random.Next(2) == 0)
        {
            groups.Append(CultureInfo.InvariantCulture, $",{{\"name\":\"loop\",\"every\":\"1m\",\"after\":[\"g{count - 1}\",\"loop\"],\"steps\":[{{\"name\":\"s\",\"run\":\"builtin:health\"}}]}}");
        }

        return Text(groups.Append("] }").ToString());
    }

    private string Duplicate(string source)
    {
        var at = source.IndexOf("\"name\"", _random.Next(source.Length / 2), StringComparison.Ordinal);
        return at < 0 ? source : source.Insert(at, "\"name\": \"dup\", ");
    }

    private string InsertJunk(string source)
    {
        var text = source;
        for (var n = _random.Next(1, 6); n > 0; n--)
        {
            text = text.Insert(_random.Next(text.Length), Junk[_random.Next(Junk.Length)]);
        }

        return text;
    }

    /// <summary>Mutations on the parsed tree; what JSON cannot hold (deep nesting, raw numbers) goes in through a placeholder.</summary>
    private string MutateTree(string source, string kind)
    {
        const string Placeholder = "\"__FUZZ__\"";
        var root = Parse(source);
        var nodes = new List<(JsonNode Parent, object Key)>();
        Collect(root, nodes);
        var (parent, key) = nodes[_random.Next(nodes.Count)];
        string? raw = null;
        switch (kind)
        {
            case "swap":
                Set(parent, key, OtherType());
                break;
            case "nest":
                var depth = _random.Next(2) == 0 ? _random.Next(60, 70) : _random.Next(100, 20_000);
                raw = _random.Next(2) == 0
                    ? new string('[', depth) + "1" + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                Set(parent, key, JsonValue.Create("__FUZZ__"));
                break;
            case "number":
                raw = Numbers[_random.Next(Numbers.Length)];
                Set(parent, key, JsonValue.Create("__FUZZ__"));
                break;
            case "name":
                var objects = nodes.Select(n => n.Parent).OfType<JsonObject>().Where(o => o.ContainsKey("name") || o.ContainsKey("run")).ToList();
                var target = objects.Count == 0 ? root : objects[_random.Next(objects.Count)];
                var field = (string[])["name", "run", "every", "after", "cwd", "priority"];
                var name = _random.Next(4) == 0 ? new string('n', _random.Next(81, 20_000)) : Names[_random.Next(Names.Length)];
                target[field[_random.Next(field.Length)]] = _random.Next(6) == 0 ? JsonValue.Create("__FUZZ__") : JsonValue.Create(name);
                raw = "\"\\ud800 lone\"";
                break;
            default:
                if (parent is JsonObject dropFrom && key is string property)
                {
                    dropFrom.Remove(property);
                }
                else if (parent is JsonArray array && key is int index)
                {
                    array.RemoveAt(index);
                }

                break;
        }

        var text = root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return raw is null ? text : text.Replace(Placeholder, raw, StringComparison.Ordinal);
    }

    private JsonNode? OtherType() => _random.Next(7) switch
    {
        0 => JsonValue.Create(_random.Next(-5, 100_000)),
        1 => JsonValue.Create("text"),
        2 => JsonValue.Create(_random.Next(2) == 0),
        3 => null,
        4 => new JsonArray(JsonValue.Create(1), JsonValue.Create("two")),
        5 => new JsonObject { ["unexpected"] = JsonValue.Create(true) },
        _ => JsonValue.Create(3.25),
    };

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[(string)key] = value;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
        }
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> nodes)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                nodes.Add((obj, name));
                if (child is not null)
                {
                    Collect(child, nodes);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                nodes.Add((array, i));
                if (array[i] is { } child)
                {
                    Collect(child, nodes);
                }
            }
        }
    }

    private static JsonObject Parse(string source) => JsonNode.Parse(source, documentOptions: new JsonDocumentOptions
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    })!.AsObject();

    private static List<string> LoadSeeds()
    {
        var seeds = new List<string>
        {
            """
            {
              "rhythm": { "store": "state/rhythm.db", "maxConcurrency": 3, "sampleEvery": "5s", "memoryPressure": 70, "cpuPressure": 85,
                          "keepMetrics": "7d", "keepHistory": "30d", "gracePeriod": "5s" },
              "adaptive": { "enabled": true, "idleBelowCpu": 15, "busyAboveCpu": 75, "idleFactor": 0.8, "busyFactor": 2, "hysteresis": 4, "window": "2m" },
              "groups": [
                { "name": "health", "every": "5m", "priority": "critical", "minEvery": "1m", "maxEvery": "10m",
                  "steps": [ { "name": "check", "run": "builtin:health", "with": { "diskFreeDegraded": 10 } } ] },
                { "name": "report", "cron": "0 0/15 * * * ?", "after": ["health"], "priority": "high",
                  "steps": [ { "name": "build", "run": "scripts/report.py", "args": ["--out", "reports"], "cwd": "scripts",
                               "env": { "TOKEN": "${HOME}" }, "timeout": "2m", "continueOnError": true, "successCodes": [0, 3] },
                             { "name": "upload", "run": "scripts/upload.sh", "timeout": "30s" } ] },
                { "name": "nightly", "at": "02:30", "after": ["report"], "priority": "low", "enabled": false,
                  "steps": [ { "name": "clean", "run": "scripts/clean.sh" } ] },
                { "name": "steady", "every": "90s", "adaptive": false, "steps": [ { "name": "tick", "run": "scripts/tick.sh" } ] }
              ]
            }
            """,
            """
            { "groups": [ { "name": "a", "every": "1h30m", "steps": [ { "name": "s", "run": "x.sh" } ] },
                          { "name": "b", "every": "500ms", "after": ["a"], "priority": "medium", "steps": [ { "name": "s", "run": "builtin:health" } ] } ] }
            """,
        };
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var shipped = Path.Combine(folder.FullName, "jobs.json");
            if (File.Exists(Path.Combine(folder.FullName, "Rhythm.sln")) && File.Exists(shipped))
            {
                seeds.Add(File.ReadAllText(shipped));
                break;
            }
        }

        return seeds;
    }
}
