namespace Recur.Embeddings.Word2Vec;

/// <summary>
/// σ(x) and log(p) by table look-up, as word2vec's EXP_TABLE and fastText's t_sigmoid/t_log: the inner loop calls
/// them for every positive and negative sample, where exp and log would dominate a 100-wide dot product.
/// </summary>
internal sealed class SigmoidTable
{
    const int Size = 512;
    const float MaxX = 8;

    readonly float[] sigmoid = new float[Size + 1];
    readonly float[] log = new float[Size + 1];

    public static SigmoidTable Shared { get; } = new();

    SigmoidTable()
    {
        for (int i = 0; i <= Size; i++)
        {
            double x = (i * 2.0 * MaxX / Size) - MaxX;
            sigmoid[i] = (float)(1 / (1 + Math.Exp(-x)));
            log[i] = (float)Math.Log((i + 1e-5) / Size);
        }
    }

    public float Sigmoid(float x)
    {
        if (x < -MaxX) return 0;
        if (x > MaxX) return 1;
        return sigmoid[(int)((x + MaxX) * (Size / MaxX / 2))];
    }

    /// <summary>log(p) for p in [0, 1]; p above 1 reads as 1.</summary>
    public float Log(float p) => p >= 1 ? 0 : log[(int)(p * Size)];
}
