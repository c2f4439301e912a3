namespace Rhythm.Tests.Jobs.Builtins;

/// <summary>Files of the repository the tests run from (the shipped jobs.json and scripts).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Rhythm.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Rhythm.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
