using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Rhythm.Model;
using Rhythm.Steps;
using Rhythm.Tests.Support;

namespace Rhythm.Tests.Reliability;

/// <summary>
/// Mutated jobs.json files, in-process through the reader and through the real <c>rhythm validate</c>: nothing
/// crashes, nothing hangs, and every rejected file comes with problems that name the file and where in it.
/// </summary>
[SupportedOSPlatform("linux")]
[TestFixture]
[NonParallelizable]
internal sealed class BadInputTests
{
    /// <summary>Generous: a file is read in milliseconds; this only catches a hang.</summary>
    private static readonly TimeSpan PerFile = TimeSpan.FromSeconds(20);

    private static readonly StepRegistration[] Builtins = [new("health")];

    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task Reader_MutatedFiles_NeverThrowsNeverHangsAndLocatesEveryProblem()
    {
        var count = ReliabilityScale.Pick(500, 20_000);
        var fuzzer = new JobsFuzzer(20_260_107);
        int rejected = 0, accepted = 0, wholeFile = 0;
        var slowest = TimeSpan.Zero;
        var slowestKind = string.Empty;
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var fuzz = fuzzer.Next(i);
            kinds[fuzz.Kind] = kinds.GetValueOrDefault(fuzz.Kind) + 1;
            var name = string.Create(CultureInfo.InvariantCulture, $"fuzz-{i:00000}.json");

            // Half go through the file reader (bytes, size checks), half through Parse (text), as reload and validate do.
            var clock = Stopwatch.StartNew();
            JobsFileResult result;
            try
            {
                result = await Task.Run(() =>
                {
                    if (i % 2 == 0)
                    {
                        var path = _folder.File(name);
                        File.WriteAllBytes(path, fuzz.Bytes);
                        try
                        {
                            return JobsFileReader.Read(path, Builtins);
                        }
                        finally
                        {
                            File.Delete(path);
                        }
                    }

                    return JobsFileReader.Parse(System.Text.Encoding.UTF8.GetString(fuzz.Bytes), name, Builtins);
                }).WaitAsync(PerFile);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"case {i} ({fuzz.Kind}, {fuzz.Bytes.Length} bytes) did not finish within {PerFile.TotalSeconds} s");
                return;
            }
            catch (Exception exception)
            {
                Assert.Fail($"case {i} ({fuzz.Kind}) threw {exception}");
                return;
            }

            if (clock.Elapsed > slowest)
            {
                (slowest, slowestKind) = (clock.Elapsed, fuzz.Kind);
            }

            if (result.IsValid)
            {
                accepted++;
                continue;
            }

            rejected++;
            foreach (var problem in result.Problems)
            {
                Assert.That(problem.File, Does.EndWith(name), $"case {i} ({fuzz.Kind}): a problem that does not name the file: {problem}");
                Assert.That(problem.Message, Is.Not.Empty, $"case {i} ({fuzz.Kind}): a problem without a message");
                if (problem.Location.Length == 0)
                {
                    Assert.That(IsAboutTheWholeFile(problem), Is.True, $"case {i} ({fuzz.Kind}): a problem with no location: {problem}");
                    wholeFile++;
                }
            }
        }

        ReliabilityScale.Report(string.Create(CultureInfo.InvariantCulture,
            $"bad input (reader): {count} mutated files, {rejected} rejected with located problems ({wholeFile} problems about the whole file), {accepted} still valid, 0 crashes, 0 hangs; slowest {slowest.TotalMilliseconds:0} ms ({slowestKind}); kinds {string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"))}"));
    }

    [Test]
    public async Task Validate_MutatedFiles_ExitsZeroOrTwoAndNamesTheLocation()
    {
        var count = ReliabilityScale.Pick(20, 200);
        var fuzzer = new JobsFuzzer(20_260_108);
        int rejected = 0, accepted = 0;
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            // The first file is the ~10 MB one, which must be refused quickly rather than read.
            var fuzz = fuzzer.Next(i == 0 ? JobsFuzzer.HugeEvery - 1 : i);
            var name = string.Create(CultureInfo.InvariantCulture, $"fuzz-{i:000}.json");
            var path = _folder.File(name);
            await File.WriteAllBytesAsync(path, fuzz.Bytes);
            var clock = Stopwatch.StartNew();
            var (exitCode, output, error) = await RhythmProgram.RunAsync(_folder.Path, "validate", "--jobs", name);
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            Assert.That(exitCode, Is.AnyOf(0, 2), $"case {i} ({fuzz.Kind}): exit code {exitCode}\n{output}\n{error}");
            Assert.That(error, Does.Not.Contain("Unhandled exception"), $"case {i} ({fuzz.Kind})");
            if (exitCode == 0)
            {
                accepted++;
                Assert.That(output, Does.Contain("is valid"), $"case {i} ({fuzz.Kind})");
                continue;
            }

            rejected++;
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines[^1], Does.Match(@"^\d+ problems? in .*" + System.Text.RegularExpressions.Regex.Escape(name) + "$"),
                $"case {i} ({fuzz.Kind}): the last line counts the problems\n{error}");
            Assert.That(lines[0], Does.StartWith(path + ": "), $"case {i} ({fuzz.Kind}): the first problem names the file\n{error}");
        }

        ReliabilityScale.Report(string.Create(CultureInfo.InvariantCulture,
            $"bad input (rhythm validate): {count} mutated files through the real program, {rejected} rejected with exit 2 and located problems, {accepted} valid (exit 0), 0 crashes, slowest {slowest.TotalMilliseconds:0} ms"));
    }

    /// <summary>Problems with no location are about the file as a whole (empty, not UTF-8, too large) or count the rest.</summary>
    private static bool IsAboutTheWholeFile(ValidationProblem problem)
        => problem.Message.StartsWith("the file ", StringComparison.Ordinal) || problem.Message.StartsWith("... and ", StringComparison.Ordinal);
}
