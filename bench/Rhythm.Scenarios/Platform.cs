// The harness reads /proc and sends POSIX signals: it measures Linux machines only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
