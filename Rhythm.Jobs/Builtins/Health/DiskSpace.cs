namespace Rhythm.Jobs.Builtins.Health;

/// <summary>The free space of one mounted filesystem.</summary>
/// <param name="MountPoint">Where it is mounted (a drive root on Windows).</param>
/// <param name="FreePercent">Space available to ordinary users, as a percentage of its size.</param>
internal sealed record DiskSpace(string MountPoint, double FreePercent);
