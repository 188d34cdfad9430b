namespace Recur.Embeddings.GloVe;

/// <summary>
/// Settings of a GloVe run, defaulting to the paper's (Pennington et al. 2014, §4.2): x_max 100, α 3/4, AdaGrad
/// with learning rate 0.05; 15 passes as GloVe's demo script runs; window 10 words each side.
/// </summary>
public sealed record GloVeOptions
{
    public int Dimension { get; init; } = 100;
    public int Window { get; init; } = 10;
    public int Epochs { get; init; } = 15;
    public double LearningRate { get; init; } = 0.05;
    public double XMax { get; init; } = 100;
    public double Alpha { get; init; } = 0.75;
    public int Threads { get; init; } = 2;
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        Check(Dimension >= 1, nameof(Dimension), "must be at least 1");
        Check(Window >= 1, nameof(Window), "must be at least 1");
        Check(Epochs >= 1, nameof(Epochs), "must be at least 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), "must be positive");
        Check(XMax > 0 && double.IsFinite(XMax), nameof(XMax), "must be positive");
        Check(Alpha > 0 && double.IsFinite(Alpha), nameof(Alpha), "must be positive");
        Check(Threads >= 1, nameof(Threads), "must be at least 1");
    }

    static void Check(bool ok, string name, string rule)
    {
        if (!ok) throw new ArgumentException($"{name} {rule}", name);
    }
}
