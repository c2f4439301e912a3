namespace Rhythm.Model;

/// <summary>One thing wrong with a jobs.json, located precisely enough to fix it.</summary>
/// <param name="File">The file name as the user gave it.</param>
/// <param name="Location">Where in the file: <c>group 'performance', step 'trend', field 'timeout'</c>, or <c>line 4</c> for syntax errors.</param>
/// <param name="Message">What is wrong, the value found, and what to write instead.</param>
public sealed record ValidationProblem(string File, string Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => string.IsNullOrEmpty(Location) ? $"{File}: {Message}" : $"{File}: {Location}: {Message}";
}
