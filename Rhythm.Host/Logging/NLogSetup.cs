using NLog;
using NLog.Config;

namespace Rhythm.Host.Logging;

/// <summary>Loads NLog.config beside the program and points its log folder at the jobs.json folder.</summary>
internal static class NLogSetup
{
    public static LoggingConfiguration Configure(string jobsDirectory)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "NLog.config");
        var configuration = new XmlLoggingConfiguration(path);
        configuration.Variables["logDir"] = Path.Combine(jobsDirectory, "logs");
        LogManager.Configuration = configuration;
        return configuration;
    }
}
