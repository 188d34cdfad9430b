namespace Recur.Metrics;

/// <summary>A chrF score in percent, named as sacreBLEU names it (<c>chrF2</c>, <c>chrF2++</c>).</summary>
public sealed record ChrFScore(double Score, int CharOrder, int WordOrder, int Beta)
{
    public string Name => $"chrF{Beta}" + new string('+', WordOrder);

    /// <summary>sacreBLEU's line: <c>chrF2 = 67.17</c>.</summary>
    public override string ToString() => $"{Name} = {PythonText.Fixed(Score, 2)}";
}
