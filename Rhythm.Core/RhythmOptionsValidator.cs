using Microsoft.Extensions.Options;

namespace Rhythm;

/// <summary>Checks the options at start-up so a missing jobs file stops the host before anything is scheduled.</summary>
internal sealed class RhythmOptionsValidator : IValidateOptions<RhythmOptions>
{
    public ValidateOptionsResult Validate(string? name, RhythmOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.JobsFile))
        {
            return ValidateOptionsResult.Fail("RhythmOptions.JobsFile is empty: set it to the path of a jobs.json.");
        }

        var full = Path.GetFullPath(options.JobsFile);
        return File.Exists(full)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"RhythmOptions.JobsFile: '{full}' does not exist. Create it (see README, 'jobs.json reference') or pass --jobs PATH.");
    }
}
