namespace Rhythm.Jobs.Builtins.Health;

/// <summary>What <c>builtin:health</c> reads from the machine besides load, so that tests can script it.</summary>
internal interface IMachineProbe
{
    /// <summary>The real, writable filesystems and their free space.</summary>
    IReadOnlyList<DiskSpace> Disks();

    /// <summary>How many processes the machine runs.</summary>
    int ProcessCount();
}
