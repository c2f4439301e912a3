namespace Rhythm.Scenarios.Common;

/// <summary>Where the repository, the built host and the results are.</summary>
internal static class Paths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepoRoot => Root.Value;

    public static string ResultsDirectory => Path.Combine(RepoRoot, "bench", "results");

    /// <summary>The <c>rhythm</c> program: the Release build when there is one (run.sh builds it), else Debug.</summary>
    public static string HostDll
    {
        get
        {
            foreach (var configuration in (string[])["Release", "Debug"])
            {
                var path = Path.Combine(RepoRoot, "Rhythm.Host", "bin", configuration, "net10.0", "rhythm.dll");
                if (File.Exists(path))
                {
                    return path;
                }
            }

            throw new FileNotFoundException("Build the host first: dotnet build Rhythm.sln -c Release");
        }
    }

    /// <summary>The program of this harness, for the baselines that run as their own process.</summary>
    public static string ScenariosDll => Path.Combine(AppContext.BaseDirectory, "Rhythm.Scenarios.dll");

    /// <summary>A fresh folder for one scenario run under the temp directory.</summary>
    public static string NewScratch(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "rhythm-bench", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void TryDelete(string folder)
    {
        // RHYTHM_BENCH_KEEP=1 keeps the scenario folders (stores, logs, jobs files) for a closer look.
        if (Environment.GetEnvironmentVariable("RHYTHM_BENCH_KEEP") == "1")
        {
            Console.Error.WriteLine($"kept {folder}");
            return;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A child may still hold a file for a moment; temp is cleaned eventually.
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Rhythm.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Rhythm.sln not found above {AppContext.BaseDirectory}");
    }
}
