using System.Text;
using Rhythm.Model;

namespace Rhythm.Tests.Model;

public sealed class JobsFileReaderRobustnessTests
{
    private DirectoryInfo _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("rhythm-model-");

    [TearDown]
    public void TearDown() => _folder.Delete(recursive: true);

    [Test]
    public void Parse_MissingComma_ReportsLineAndColumn()
    {
        var json = "{\n  \"groups\": [\n    { \"name\": \"a\" \"every\": \"10m\" }\n  ]\n}";

        var problem = JobsJson.Single(JobsJson.Parse(json));

        Assert.Multiple(() =>
        {
            Assert.That(problem.File, Is.EqualTo("jobs.json"));
            Assert.That(problem.Location, Is.EqualTo("line 3, column 19"));
            Assert.That(problem.Message, Does.StartWith("the file is not valid JSON: "));
            Assert.That(problem.Message, Does.Contain("Look for a missing comma"));
            Assert.That(problem.Message, Does.Not.Contain("LineNumber"));
        });
    }

    [Test]
    public void Parse_SyntaxErrorAfterOtherMistakes_StopsAtTheSyntaxError()
    {
        var json = "{ \"grups\": [], \"groups\": [ { \"name\": \"a\", } ";

        var problem = JobsJson.Single(JobsJson.Parse(json));

        Assert.That(problem.Message, Does.StartWith("the file is not valid JSON"));
    }

    [Test]
    public void Parse_SingleQuotes_SaysToUseDoubleQuotes()
    {
        var problem = JobsJson.Single(JobsJson.Parse("{ 'groups': [] }"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("line 1, column 3"));
            Assert.That(problem.Message, Does.Contain("double quotes"));
        });
    }

    [Test]
    public void Parse_UnquotedKey_SaysToQuoteKeys()
    {
        var problem = JobsJson.Single(JobsJson.Parse("{ groups: [] }"));

        Assert.That(problem.Message, Does.Contain("Keys must be in double quotes, such as \"every\""));
    }

    [Test]
    public void Parse_ColumnAfterKoreanText_CountsCharactersNotBytes()
    {
        var problem = JobsJson.Single(JobsJson.Parse("{ \"그룹\": 1 2 }"));

        Assert.That(problem.Location, Is.EqualTo("line 1, column 11"));
    }

    [TestCase("")]
    [TestCase("   \n\t ")]
    public void Parse_Empty_SaysTheFileIsEmpty(string json)
    {
        var problem = JobsJson.Single(JobsJson.Parse(json));

        Assert.That(problem.Message, Is.EqualTo("the file is empty. A jobs.json holds one object such as { \"groups\": [ ... ] }."));
    }

    [TestCase("[]", "an array")]
    [TestCase("42", "the number 42")]
    [TestCase("\"groups\"", "a string (\"groups\")")]
    [TestCase("null", "null")]
    public void Parse_RootNotAnObject_SaysWhatItHolds(string json, string found)
    {
        var problem = JobsJson.Single(JobsJson.Parse(json));

        Assert.That(problem.Message, Does.StartWith("the file must hold one JSON object").And.EndWith($"but it holds {found}."));
    }

    [Test]
    public void Parse_DeeplyNested_ReportsDepthWithoutThrowing()
    {
        var json = "{ \"groups\": [ " + JobsJson.Group("g", "\"with\": " + new string('[', 10_000) + new string(']', 10_000)) + " ] }";

        var problem = JobsJson.Single(JobsJson.Parse(json));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Message, Does.Contain("nested more than 64 levels deep"));
            Assert.That(problem.Location, Does.StartWith("line 1, column "));
        });
    }

    [Test]
    public void Parse_NestedExactlyToTheLimit_IsAccepted()
    {
        // The root object is level 1, group array 2, group 3, steps 4, step 5, with 6: 58 more arrays reach 64.
        var with = new string('[', 58) + new string(']', 58);
        var result = JobsJson.Parse("{ \"groups\": [ { \"name\": \"g\", \"every\": \"1m\", \"steps\": [ { \"name\": \"s\", \"run\": \"builtin:x\", \"with\": { \"deep\": " + with + " } } ] } ] }");

        Assert.That(result.IsValid, Is.True, () => JobsJson.Describe(result));
    }

    [Test]
    public void Parse_TooLarge_ReportsTheLimit()
    {
        var json = "{ \"groups\": [], \"pad\": \"" + new string('x', JobsFileLimits.MaxFileBytes) + "\" }";

        var problem = JobsJson.Single(JobsJson.Parse(json));

        Assert.That(problem.Message, Does.StartWith("the file is too large; a jobs.json may be at most 4 MiB."));
    }

    [Test]
    public void Read_TenMegabyteFile_ReportsSizeWithoutReadingIt()
    {
        var path = Path.Combine(_folder.FullName, "jobs.json");
        using (var stream = File.Create(path))
        {
            stream.SetLength(10 * 1024 * 1024);
        }

        var problem = JobsJson.Single(JobsFileReader.Read(path));

        Assert.That(problem.Message, Is.EqualTo("the file is too large (10 MiB); a jobs.json may be at most 4 MiB. Is this the right file?"));
    }

    [Test]
    public void Read_MissingFile_ReportsThePathLookedAt()
    {
        var path = Path.Combine(_folder.FullName, "nope.json");

        var result = JobsFileReader.Read(path);

        var problem = JobsJson.Single(result);
        Assert.Multiple(() =>
        {
            Assert.That(problem.File, Is.EqualTo(path));
            Assert.That(problem.Location, Is.Empty);
            Assert.That(problem.Message, Is.EqualTo($"the file does not exist (looked for '{path}'). Check the path and the current folder."));
            Assert.That(result.File, Is.Null);
        });
    }

    [Test]
    public void Read_RelativeMissingFile_KeepsTheNameAsGiven()
    {
        var problem = JobsJson.Single(JobsFileReader.Read("does-not-exist/jobs.json"));

        Assert.That(problem.ToString(), Does.StartWith("does-not-exist/jobs.json: the file does not exist (looked for '"));
    }

    [Test]
    public void Read_Folder_SaysItIsAFolder()
    {
        var problem = JobsJson.Single(JobsFileReader.Read(_folder.FullName));

        Assert.That(problem.Message, Does.Contain("is a folder, not a file"));
    }

    [TestCase("")]
    [TestCase("  ")]
    public void Read_BlankPath_IsAProblem(string path)
    {
        var problem = JobsJson.Single(JobsFileReader.Read(path));

        Assert.That(problem.Message, Is.EqualTo("no file was named. Pass the path of a jobs.json."));
    }

    [Test]
    public void Read_PathWithNul_IsAProblem()
    {
        var result = JobsFileReader.Read("jobs\0.json");

        Assert.That(JobsJson.Single(result).Message, Does.Contain("jobs\\u0000.json"));
    }

    [Test]
    public void Read_FileWithoutReadPermission_IsAProblem()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            Assert.Ignore("needs chmod, and a user that file permissions apply to");
            return;
        }

        var path = Path.Combine(_folder.FullName, "jobs.json");
        File.WriteAllText(path, "{}");
        File.SetUnixFileMode(path, UnixFileMode.None);

        var problem = JobsJson.Single(JobsFileReader.Read(path));

        Assert.That(problem.Message, Does.StartWith("the file cannot be read: permission denied"));
    }

    [Test]
    public void Read_InvalidUtf8_ReportsWhere()
    {
        var path = Path.Combine(_folder.FullName, "jobs.json");
        File.WriteAllBytes(path, [.. "{\n  \"groups\": \""u8, 0xFF, .. "\" }"u8]);

        var problem = JobsJson.Single(JobsFileReader.Read(path));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("line 2, column 14"));
            Assert.That(problem.Message, Is.EqualTo("the file is not valid UTF-8 (byte 0xFF here). Save it as UTF-8."));
        });
    }

    [Test]
    public void Read_Utf16File_SaysToSaveAsUtf8()
    {
        var path = Path.Combine(_folder.FullName, "jobs.json");
        File.WriteAllText(path, "{ \"groups\": [] }", Encoding.Unicode);

        var problem = JobsJson.Single(JobsFileReader.Read(path));

        Assert.That(problem.Message, Does.StartWith("the file is saved as UTF-16. Save it as UTF-8"));
    }

    [Test]
    public void Parse_LoneSurrogateEscape_IsASyntaxProblem()
    {
        var problem = JobsJson.Single(JobsJson.Parse("{ \"groups\": [ { \"name\": \"a\\ud800\" } ] }"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("line 1, column 25"));
            Assert.That(problem.Message, Does.Contain("lone \\uD800-\\uDFFF surrogate"));
        });
    }

    [Test]
    public void Parse_ControlCharacterInName_IsEscapedInTheMessage()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.Group("bad\\u0007\\u001b[31mname")));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("group 'bad\\u0007\\u001B[31mname', field 'name'"));
            Assert.That(problem.Message, Does.StartWith("'bad\\u0007\\u001B[31mname' contains the control character \\u0007 (U+0007), which a name cannot have."));
            Assert.That(problem.ToString().Any(char.IsControl), Is.False);
        });
    }

    [Test]
    public void Parse_BidiOverrideInName_IsEscapedInTheMessage()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroups(JobsJson.Group("evil\u202Etxt.exe")));

        Assert.That(problem.Message, Does.StartWith("'evil\\u202Etxt.exe' contains the invisible character U+202E"));
    }

    [Test]
    public void Parse_HugeNumber_IsOutOfRangeNotInfinity()
    {
        var problem = JobsJson.Single(JobsJson.ParseSection("rhythm", "\"memoryPressure\": 1e400"));

        Assert.Multiple(() =>
        {
            Assert.That(problem.Location, Is.EqualTo("section 'rhythm', field 'memoryPressure'"));
            Assert.That(problem.Message, Is.EqualTo("1e400 is too large to be a number jobs.json can use: write a number from 0 to 100."));
        });
    }

    [Test]
    public void Parse_VeryLongValue_IsCutInTheMessage()
    {
        var problem = JobsJson.Single(JobsJson.ParseGroup("\"priority\": \"" + new string('x', 100_000) + "\""));

        Assert.That(problem.Message.Length, Is.LessThan(300));
    }

    [Test]
    public void Parse_ThousandsOfBrokenGroups_StopsListingAtTheCap()
    {
        var groups = Enumerable.Range(0, 5_000).Select(i => $"{{ \"name\": \"g{i}\", \"every\": \"10m\", \"after\": [\"nope{i}\"], {JobsJson.Steps} }}");

        var result = JobsJson.ParseGroups([.. groups]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Has.Count.EqualTo(JobsFileLimits.MaxProblems + 1));
            Assert.That(result.Problems[^1].Message, Is.EqualTo("... and 4900 more problems not shown. Fix the ones above and check the file again."));
        });
    }

    [Test]
    public void Parse_LongDependencyChainInACycle_DoesNotOverflowTheStack()
    {
        const int Count = 20_000;
        var groups = Enumerable.Range(0, Count).Select(i => $"{{\"name\":\"g{i}\",\"every\":\"1m\",\"after\":[\"g{(i + 1) % Count}\"],\"steps\":[{{\"name\":\"s\",\"run\":\"x\"}}]}}");

        var problem = JobsJson.Single(JobsJson.ParseGroups([.. groups]));

        Assert.That(problem.Message, Is.EqualTo(
            "these groups wait for each other in a cycle: g0 -> g1 -> g2 -> g3 -> g4 -> g5 -> g6 -> g7 -> g8 -> g9 -> g10 -> g11 -> g12 -> g13 -> g14 -> g15 -> g16 -> g17 -> g18 -> g19 "
            + "-> ... (20000 groups in all) -> g0. None of them would ever run. Remove one of these 'after' entries."));
    }

    [Test]
    public void Parse_RandomGarbage_NeverThrows()
    {
        var random = new Random(1234);
        var alphabet = "{}[]:,\"\\ \n0123456789.eE-+truefalsnl/\u00e9\ud800abc".ToCharArray();
        var valid = "{ \"groups\": [ " + JobsJson.ValidGroup + " ] }";
        for (var i = 0; i < 2_000; i++)
        {
            var chars = valid.ToCharArray();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            Assert.DoesNotThrow(() => JobsJson.Parse(text), text);
        }
    }
}
