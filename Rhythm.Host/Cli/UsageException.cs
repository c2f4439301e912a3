namespace Rhythm.Host.Cli;

/// <summary>The command line is wrong; the message says how, and the program exits 2 after printing usage.</summary>
internal sealed class UsageException(string message) : Exception(message);
