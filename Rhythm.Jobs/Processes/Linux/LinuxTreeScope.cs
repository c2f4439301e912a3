namespace Rhythm.Jobs.Processes.Linux;

/// <summary>Which evidence makes a process part of a tree.</summary>
internal enum LinuxTreeScope
{
    /// <summary>
    /// A running step: the root's session and group, the tree id in the environment, parent links, and orphans
    /// re-parented to the host that no other running step can own.
    /// </summary>
    Step,

    /// <summary>A live root left by a previous host: session, group, tree id and parent links, nothing re-parented to this host.</summary>
    Orphan,

    /// <summary>The survivors of a previous host's dead root: only processes that carry the tree id, and their descendants.</summary>
    TreeIdOnly,
}
