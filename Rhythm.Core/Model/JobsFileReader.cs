namespace Rhythm.Model;

/// <summary>Reads jobs.json files: syntax, shape, and the rules between groups.</summary>
public static class JobsFileReader
{
    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <param name="path">The jobs.json path.</param>
    /// <param name="knownBuiltins">Names valid after <c>builtin:</c>; <see langword="null"/> skips that check.</param>
    public static JobsFileResult Read(string path, IReadOnlySet<string>? knownBuiltins = null)
        => throw new NotImplementedException();

    /// <summary>Validates JSON text as if it had been read from <paramref name="sourcePath"/>.</summary>
    public static JobsFileResult Parse(string json, string sourcePath, IReadOnlySet<string>? knownBuiltins = null)
        => throw new NotImplementedException();
}
