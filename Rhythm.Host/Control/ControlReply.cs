namespace Rhythm.Host.Control;

/// <summary>The body of every reply to a mutating call, and of every error.</summary>
/// <param name="Ok">Whether the call did what it asked.</param>
/// <param name="Message">One line for a person: what happened, or what is wrong.</param>
/// <param name="Groups">The groups the call changed.</param>
internal sealed record ControlReply(bool Ok, string Message, IReadOnlyList<string> Groups)
{
    public static ControlReply Error(string message) => new(false, message, []);
}
