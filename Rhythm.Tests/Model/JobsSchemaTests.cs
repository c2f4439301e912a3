using System.Text.Json;
using System.Text.RegularExpressions;
using Rhythm.Model;

namespace Rhythm.Tests.Model;

/// <summary>Keeps jobs.schema.json and the reader in step: a key, default or pattern changed in one must change in the other.</summary>
public sealed class JobsSchemaTests
{
    private JsonDocument _schema = null!;

    [SetUp]
    public void SetUp()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "jobs.schema.json"));
        _schema = JsonDocument.Parse(text);
    }

    [TearDown]
    public void TearDown() => _schema.Dispose();

    private JsonElement Root => _schema.RootElement;

    [Test]
    public void Schema_IsDraft202012()
    {
        Assert.That(Root.GetProperty("$schema").GetString(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
    }

    [Test]
    public void Schema_Description_SaysCommentsAndTrailingCommasAreAllowed()
    {
        Assert.That(Root.GetProperty("description").GetString(), Does.Contain("comments").And.Contain("trailing commas"));
    }

    [TestCase("")]
    [TestCase("rhythm")]
    [TestCase("adaptive")]
    [TestCase("group")]
    [TestCase("step")]
    public void Schema_Properties_MatchTheKeysTheReaderAccepts(string definition)
    {
        var keys = KeysOf(definition);
        var properties = Object(definition).GetProperty("properties").EnumerateObject().Select(p => p.Name);

        Assert.That(properties, Is.EqualTo(keys.Names));
    }

    [TestCase("")]
    [TestCase("rhythm")]
    [TestCase("adaptive")]
    [TestCase("group")]
    [TestCase("step")]
    public void Schema_Objects_RefuseUnknownKeys(string definition)
    {
        var keys = KeysOf(definition);
        Assert.That(Object(definition).GetProperty("additionalProperties").GetBoolean(), Is.False, keys.Owner);
    }

    [TestCase("")]
    [TestCase("rhythm")]
    [TestCase("adaptive")]
    [TestCase("group")]
    [TestCase("step")]
    public void Schema_EveryProperty_IsDescribed(string definition)
    {
        var keys = KeysOf(definition);
        foreach (var property in Object(definition).GetProperty("properties").EnumerateObject())
        {
            var described = property.Value.TryGetProperty("description", out var text)
                ? text
                : Resolve(property.Value).GetProperty("description");
            Assert.That(described.GetString(), Is.Not.Empty, $"{keys.Owner}: {property.Name}");
        }
    }

    [TestCase("rhythm")]
    [TestCase("adaptive")]
    public void Schema_SectionDefaults_AreTheReaderDefaults(string section)
    {
        var defaults = Object(section).GetProperty("properties").EnumerateObject()
            .Select(p => $"\"{p.Name}\": {p.Value.GetProperty("default").GetRawText()}");

        var file = JobsJson.ParseSection(section, string.Join(", ", defaults)).GetFileOrThrow();

        Assert.Multiple(() =>
        {
            Assert.That(file.Rhythm, Is.EqualTo(new RhythmSettings()));
            Assert.That(file.Adaptive, Is.EqualTo(new AdaptiveSettings()));
        });
    }

    [Test]
    public void Schema_GroupDefaults_AreTheReaderDefaults()
    {
        var group = Object("group").GetProperty("properties");
        var step = Object("step").GetProperty("properties");
        var fields = new[] { "after", "priority", "enabled", "adaptive" }.Select(k => $"\"{k}\": {group.GetProperty(k).GetProperty("default").GetRawText()}");
        var stepFields = new[] { "args", "env", "continueOnError", "successCodes" }.Select(k => $"\"{k}\": {step.GetProperty(k).GetProperty("default").GetRawText()}");
        var explicitFile = JobsJson.ParseGroup(string.Join(", ", fields), steps: $"\"steps\": [ {{ \"name\": \"work\", \"run\": \"scripts/work.sh\", {string.Join(", ", stepFields)} }} ]")
            .GetFileOrThrow();

        var implicitFile = JobsJson.ParseGroup(string.Empty).GetFileOrThrow();

        var (a, b) = (explicitFile.Groups[0], implicitFile.Groups[0]);
        var (sa, sb) = (a.Steps[0], b.Steps[0]);
        Assert.Multiple(() =>
        {
            Assert.That(a.After, Is.EqualTo(b.After));
            Assert.That(a.Priority, Is.EqualTo(b.Priority));
            Assert.That(a.Enabled, Is.EqualTo(b.Enabled));
            Assert.That(a.Adaptive, Is.EqualTo(b.Adaptive));
            Assert.That(sa.Args, Is.EqualTo(sb.Args));
            Assert.That(sa.Env, Is.EqualTo(sb.Env));
            Assert.That(sa.ContinueOnError, Is.EqualTo(sb.ContinueOnError));
            Assert.That(sa.SuccessCodes, Is.EqualTo(sb.SuccessCodes));
        });
    }

    [Test]
    public void Schema_GroupSchedules_AreExactlyOneOfEveryAtCron()
    {
        var choices = Object("group").GetProperty("oneOf").EnumerateArray()
            .Select(c => c.GetProperty("required").EnumerateArray().Single().GetString());

        Assert.That(choices, Is.EqualTo(new[] { "every", "at", "cron" }));
    }

    [Test]
    public void Schema_PriorityEnum_IsWhatTheReaderAccepts()
    {
        var names = Object("group").GetProperty("properties").GetProperty("priority").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();

        Assert.That(names, Is.EquivalentTo(Enum.GetNames<Priority>().Select(n => n.ToLowerInvariant())));
        foreach (var name in names)
        {
            Assert.That(JobsJson.ParseGroup($"\"priority\": \"{name}\"").IsValid, Is.True, name);
        }
    }

    [TestCase("500ms", true)]
    [TestCase("90s", true)]
    [TestCase("10m", true)]
    [TestCase("2h", true)]
    [TestCase("1d", true)]
    [TestCase("1h30m", true)]
    [TestCase("1.5h", true)]
    [TestCase("1d2h3m4s5ms", true)]
    [TestCase("10", false)]
    [TestCase("10 minutes", false)]
    [TestCase("10M", false)]
    [TestCase("m", false)]
    [TestCase("-5m", false)]
    [TestCase("", false)]
    public void Schema_DurationPattern_AgreesWithTheReader(string text, bool valid)
    {
        var pattern = Definition("duration").GetProperty("pattern").GetString()!;

        Assert.Multiple(() =>
        {
            Assert.That(Regex.IsMatch(text, pattern), Is.EqualTo(valid), "schema");
            Assert.That(Durations.TryParse(text, out _), Is.EqualTo(valid), "reader");
        });
    }

    [TestCase("health-check", true)]
    [TestCase("a.b_c-9", true)]
    [TestCase("9lives", true)]
    [TestCase("daily routine", false)]
    [TestCase(".hidden", false)]
    [TestCase("a/b", false)]
    [TestCase("헬스", false)]
    [TestCase("", false)]
    public void Schema_NamePattern_AgreesWithTheReader(string name, bool valid)
    {
        var definition = Definition("name");
        var pattern = definition.GetProperty("pattern").GetString()!;

        Assert.Multiple(() =>
        {
            Assert.That(Regex.IsMatch(name, pattern), Is.EqualTo(valid), "schema");
            Assert.That(NameRules.IsValid(name), Is.EqualTo(valid), "reader");
            Assert.That(definition.GetProperty("maxLength").GetInt32(), Is.EqualTo(JobsFileLimits.MaxNameLength));
            Assert.That(pattern, Is.EqualTo(NameRules.Pattern));
        });
    }

    [TestCase("03:00", true)]
    [TestCase("23:59", true)]
    [TestCase("00:00", true)]
    [TestCase("3:00", false)]
    [TestCase("24:00", false)]
    [TestCase("12:60", false)]
    [TestCase("03:00:00", false)]
    public void Schema_AtPattern_AgreesWithTheReader(string time, bool valid)
    {
        var pattern = Object("group").GetProperty("properties").GetProperty("at").GetProperty("pattern").GetString()!;

        Assert.Multiple(() =>
        {
            Assert.That(Regex.IsMatch(time, pattern), Is.EqualTo(valid), "schema");
            Assert.That(JobsJson.ParseGroup(string.Empty, schedule: $"\"at\": \"{time}\"").IsValid, Is.EqualTo(valid), "reader");
        });
    }

    [Test]
    public void Schema_Limits_MatchTheReader()
    {
        var concurrency = Object("rhythm").GetProperty("properties").GetProperty("maxConcurrency");
        var cron = Object("group").GetProperty("properties").GetProperty("cron");

        Assert.Multiple(() =>
        {
            Assert.That(concurrency.GetProperty("minimum").GetInt32(), Is.EqualTo(JobsFileLimits.MinConcurrency));
            Assert.That(concurrency.GetProperty("maximum").GetInt32(), Is.EqualTo(JobsFileLimits.MaxConcurrency));
            Assert.That(cron.GetProperty("maxLength").GetInt32(), Is.EqualTo(JobsFileLimits.MaxCronLength));
        });
    }

    [Test]
    public void Schema_FactorLimits_MatchTheReader()
    {
        var adaptive = Object("adaptive").GetProperty("properties");

        Assert.Multiple(() =>
        {
            Assert.That(adaptive.GetProperty("idleFactor").GetProperty("minimum").GetDouble(), Is.EqualTo(JobsFileLimits.MinIdleFactor));
            Assert.That(adaptive.GetProperty("busyFactor").GetProperty("maximum").GetDouble(), Is.EqualTo(JobsFileLimits.MaxBusyFactor));
            Assert.That(JobsJson.ParseSection("adaptive", $"\"idleFactor\": {JobsFileLimits.MinIdleFactor}").IsValid, Is.True);
            Assert.That(JobsJson.ParseSection("adaptive", $"\"busyFactor\": {JobsFileLimits.MaxBusyFactor}").IsValid, Is.True);
        });
    }

    [Test]
    public void RepositoryJobsFile_WhenPresent_IsValid()
    {
        var path = Path.Combine(RepositoryRoot(), "jobs.json");
        if (!File.Exists(path))
        {
            Assert.Ignore("the repository has no jobs.json yet");
            return;
        }

        var result = JobsFileReader.Read(path);

        Assert.That(result.Problems, Is.Empty, () => JobsJson.Describe(result));
    }

    private static KeySet KeysOf(string definition) => definition switch
    {
        "" => JobsFileKeys.Root,
        "rhythm" => JobsFileKeys.Rhythm,
        "adaptive" => JobsFileKeys.Adaptive,
        "group" => JobsFileKeys.Group,
        _ => JobsFileKeys.Step,
    };

    private JsonElement Object(string definition) => definition.Length == 0 ? Root : Definition(definition);

    private JsonElement Definition(string name) => Root.GetProperty("$defs").GetProperty(name);

    private JsonElement Resolve(JsonElement property)
    {
        var reference = property.GetProperty("$ref").GetString()!;
        Assert.That(reference, Does.StartWith("#/$defs/"));
        return Definition(reference["#/$defs/".Length..]);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Rhythm.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Rhythm.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
