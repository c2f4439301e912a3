namespace Rhythm.Host.Cli;

/// <summary>What the program returns, so scripts can tell a bad file from a failure.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something failed while running.</summary>
    public const int Failed = 1;

    /// <summary>The command line or jobs.json is invalid.</summary>
    public const int Invalid = 2;
}
