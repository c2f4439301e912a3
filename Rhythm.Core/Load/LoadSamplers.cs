using System.Runtime.InteropServices;

namespace Rhythm.Load;

/// <summary>Creates the load sampler for the machine Rhythm runs on.</summary>
public static class LoadSamplers
{
    /// <summary>Returns the sampler for this operating system: <c>/proc</c> on Linux, kernel32 on Windows.</summary>
    /// <param name="time">The clock that stamps each sample.</param>
    /// <returns>A sampler; it also implements <see cref="IDisposable"/> when it holds files open.</returns>
    /// <exception cref="PlatformNotSupportedException">
    /// On any other operating system, or when <c>/proc</c> cannot be read. Rhythm reports no load it did not
    /// measure; an app on another system can register its own <see cref="ILoadSampler"/>.
    /// </exception>
    public static ILoadSampler ForCurrentOs(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (OperatingSystem.IsLinux())
        {
            return new LinuxLoadSampler(time);
        }

        if (OperatingSystem.IsWindows())
        {
            return new WindowsLoadSampler(time);
        }

        throw Unsupported(RuntimeInformation.OSDescription);
    }

    internal static PlatformNotSupportedException Unsupported(string os) =>
        new($"Rhythm cannot measure load on {os}: only Linux (/proc) and Windows are supported. " +
            "To run elsewhere, provide your own ILoadSampler.");
}
