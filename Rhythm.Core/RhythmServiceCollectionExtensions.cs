using Microsoft.Extensions.DependencyInjection;
using Rhythm.Steps;

namespace Rhythm;

/// <summary>Registers the Rhythm engine and its steps in a service container.</summary>
public static partial class RhythmServiceCollectionExtensions
{
    /// <summary>
    /// Registers a built-in step that jobs.json can use as <c>"run": "builtin:NAME"</c>.
    /// Another app uses this to plug in its own steps written in C#.
    /// </summary>
    public static IServiceCollection AddRhythmStep<TStep>(this IServiceCollection services, string name)
        where TStep : class, IRhythmStep
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddKeyedSingleton<IRhythmStep, TStep>(StepKeys.Builtin(name));
        services.AddSingleton(new StepRegistration(name));
        return services;
    }

    /// <summary>Registers the runner for steps whose <c>run</c> is a program or script path (Rhythm.Jobs provides one).</summary>
    public static IServiceCollection AddRhythmProgramRunner<TRunner>(this IServiceCollection services)
        where TRunner : class, IRhythmStep
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKeyedSingleton<IRhythmStep, TRunner>(StepKeys.Program);
        return services;
    }
}
