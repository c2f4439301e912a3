using Rhythm.Status;

namespace Rhythm.Control;

/// <summary>Steers the running engine: run a group now, pause and resume groups, and read the live status.</summary>
/// <remarks>
/// <para>
/// A pause is Quartz's own paused trigger state, kept in the store with the schedule: it outlives a restart of the
/// host and a reload of jobs.json that changes the group. While paused, a group runs neither on its own rhythm nor
/// because a dependency succeeded; only <see cref="TriggerAsync"/> starts it, because an operator asked.
/// </para>
/// <para>Calls are serialised with hot reload, so a pause never interleaves with a reconcile of the same group.</para>
/// </remarks>
public interface IRhythmControl
{
    /// <summary>Starts a group now.</summary>
    /// <param name="group">The group's name.</param>
    /// <param name="force">When true the group runs even if its dependencies are not met; otherwise it waits for them as a scheduled run would.</param>
    /// <param name="cancellationToken">Cancels the request, not the run.</param>
    /// <exception cref="ArgumentException">No enabled group has that name; the message lists the groups there are.</exception>
    /// <exception cref="InvalidOperationException">The engine is not running (it is starting or stopping).</exception>
    Task TriggerAsync(string group, bool force, CancellationToken cancellationToken = default);

    /// <summary>Pauses one group, or every enabled group when <paramref name="group"/> is <see langword="null"/>.</summary>
    /// <returns>The groups paused.</returns>
    /// <exception cref="ArgumentException">No enabled group has that name; the message lists the groups there are.</exception>
    /// <exception cref="InvalidOperationException">The engine is not running (it is starting or stopping).</exception>
    Task<IReadOnlyList<string>> PauseAsync(string? group, CancellationToken cancellationToken = default);

    /// <summary>Resumes one group, or every enabled group when <paramref name="group"/> is <see langword="null"/>.</summary>
    /// <returns>The groups resumed. A group whose time passed while it was paused runs once, not once per missed slot.</returns>
    /// <exception cref="ArgumentException">No enabled group has that name; the message lists the groups there are.</exception>
    /// <exception cref="InvalidOperationException">The engine is not running (it is starting or stopping).</exception>
    Task<IReadOnlyList<string>> ResumeAsync(string? group, CancellationToken cancellationToken = default);

    /// <summary>The status of the schedule the engine runs now (the last good jobs.json), read from the store.</summary>
    RhythmStatus GetStatus();
}
