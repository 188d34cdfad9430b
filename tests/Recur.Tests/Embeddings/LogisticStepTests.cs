using Recur.Embeddings.Word2Vec;

namespace Recur.Tests.Embeddings;

public class LogisticStepTests
{
    [Fact]
    public void Fast_step_equals_the_plain_loop_at_every_length()
    {
        var random = new Generator(11);
        for (int n = 1; n <= 130; n++)
            foreach (float label in new[] { 0f, 1f })
            {
                var hidden = Enumerable.Range(0, n).Select(_ => (float)random.NextNormal() * 0.3f).ToArray();
                var output = Enumerable.Range(0, n).Select(_ => (float)random.NextNormal() * 0.3f).ToArray();
                var grad = Enumerable.Range(0, n).Select(_ => (float)random.NextNormal() * 0.01f).ToArray();
                var (output2, grad2) = ((float[])output.Clone(), (float[])grad.Clone());
                float fast = LogisticStep.Apply(hidden, label, 0.05f, output, grad);
                float slow = LogisticStep.Reference(hidden, label, 0.05f, output2, grad2);
                // Summation order differs; the σ table's bins are 1/32 wide, so a dot product on a bin edge could
                // round to the neighbouring bin: allow that one step.
                Assert.Equal(slow, fast, 0.05f);
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(output2[i], output[i], 1e-3f);
                    Assert.Equal(grad2[i], grad[i], 1e-3f);
                }
            }
    }

    [Fact]
    public void Step_moves_the_score_toward_the_label()
    {
        float[] hidden = [0.5f, -0.25f, 1f], output = [0.1f, 0.2f, 0.3f], grad = new float[3];
        float before = Dot(hidden, output);
        LogisticStep.Apply(hidden, 1, 0.5f, output, grad);
        Assert.True(Dot(hidden, output) > before);
        // grad = α·o_old with α = 0.5·(1 − σ(0.3)) > 0: same direction as the old output vector.
        Assert.True(grad[0] > 0 && grad[2] > grad[1]);
        float raised = Dot(hidden, output);
        LogisticStep.Apply(hidden, 0, 0.5f, output, grad);
        Assert.True(Dot(hidden, output) < raised);
    }

    static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
