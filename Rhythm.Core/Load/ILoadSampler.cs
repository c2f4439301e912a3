namespace Rhythm.Load;

/// <summary>Measures the machine. The engine calls it on its own timer; tests and simulations script it.</summary>
public interface ILoadSampler
{
    /// <summary>Takes one sample. CPU % covers the time since the previous call (the first call may report 0).</summary>
    LoadSample Sample();
}
