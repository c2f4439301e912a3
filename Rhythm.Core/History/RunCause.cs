namespace Rhythm.History;

/// <summary>Why a group fired.</summary>
public enum RunCause
{
    /// <summary>Its own rhythm said it was due.</summary>
    Schedule,

    /// <summary>A dependency it was waiting for succeeded.</summary>
    Dependency,

    /// <summary>An operator asked for it.</summary>
    Manual,
}
