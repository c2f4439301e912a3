namespace Rhythm.Host.Control;

/// <summary>What a running host writes beside its jobs.json so that the CLI and scripts can find its control endpoint.</summary>
/// <param name="Pid">The host's process id.</param>
/// <param name="Url">The endpoint, always on 127.0.0.1: <c>http://127.0.0.1:41234</c>.</param>
/// <param name="Port">The port of <paramref name="Url"/>, for scripts.</param>
/// <param name="StartedAt">When the endpoint started.</param>
/// <param name="JobsFile">The full path of the jobs.json the host runs.</param>
/// <param name="Store">The store the host writes.</param>
/// <param name="TokenFile">The file holding the bearer token that mutating calls need; readable by the host's user only.</param>
internal sealed record ControlAnnouncement(int Pid, string Url, int Port, DateTimeOffset StartedAt, string JobsFile, string Store, string TokenFile);
