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

        if (options.ReloadDebounce < TimeSpan.Zero || options.ReloadDebounce > TimeSpan.FromMinutes(1))
        {
            return ValidateOptionsResult.Fail($"RhythmOptions.ReloadDebounce must be from 0 to 1 minute; found {options.ReloadDebounce}.");
        }

        var full = Path.GetFullPath(options.JobsFile);
        return File.Exists(full)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"RhythmOptions.JobsFile: '{full}' does not exist. Create it (see README, 'jobs.json reference') or pass --jobs PATH.");
    }
}
