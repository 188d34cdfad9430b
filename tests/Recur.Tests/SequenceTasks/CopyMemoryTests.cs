using Recur.SequenceTasks;

namespace Recur.Tests.SequenceTasks;

public class CopyMemoryTests
{
    [Fact]
    public void SymbolsFollowLocuslabsLayout()
    {
        // Blank T = 3, memory M = 2: digits, T − 1 blanks, M + 1 delimiters; targets T + M blanks, then the digits.
        var task = new CopyMemory(blank: 3, memory: 2);
        Assert.Equal(7, task.SequenceLength);
        Assert.Equal([3, 7, 0, 0, 9, 9, 9], task.InputSymbols([3, 7]));
        Assert.Equal([0, 0, 0, 0, 0, 3, 7], task.TargetSymbols([3, 7]));
        Assert.Equal(1020, new CopyMemory(1000).SequenceLength);
    }

    [Theory]
    [InlineData(CopyInputEncoding.Scalar)]
    [InlineData(CopyInputEncoding.OneHot)]
    public void SampledRowsEncodeTheirOwnDigits(CopyInputEncoding encoding)
    {
        var task = new CopyMemory(blank: 6, memory: 4, encoding);
        int B = 20, L = task.SequenceLength, I = task.InputSize;
        var batch = task.Sample(B, new Generator(2));
        Assert.Equal([L, B, I], batch.Input.Shape.ToArray());
        var x = batch.Input.ToArray();
        var y = batch.Labels!;
        Assert.Equal(L * B, y.Length);
        var digitsSeen = new HashSet<int>();
        for (int b = 0; b < B; b++)
        {
            var digits = Enumerable.Range(L - 4, 4).Select(t => y[t * B + b]).ToArray();
            Assert.All(digits, d => Assert.InRange(d, 1, 8));
            digitsSeen.UnionWith(digits);
            var input = task.InputSymbols(digits);
            var target = task.TargetSymbols(digits);
            for (int t = 0; t < L; t++)
            {
                Assert.Equal(target[t], y[t * B + b]);
                var step = x.AsSpan((t * B + b) * I, I);
                if (encoding == CopyInputEncoding.Scalar) Assert.Equal(input[t], step[0]);
                else for (int c = 0; c < I; c++) Assert.Equal(c == input[t] ? 1f : 0f, step[c]);
            }
        }
        Assert.Equal(8, digitsSeen.Count);   // 80 draws from 1..8 reach every digit
    }

    [Fact]
    public void TheSameSeedGivesTheSameBatch()
    {
        var task = new CopyMemory(blank: 5);
        Assert.Equal(task.Sample(3, new Generator(4)).Labels, task.Sample(3, new Generator(4)).Labels);
        Assert.NotEqual(task.Sample(3, new Generator(4)).Labels, task.Sample(3, new Generator(5)).Labels);
    }

    [Fact]
    public void LossAndAccuracyScoreEveryStepAndTheRecalledDigits()
    {
        var task = new CopyMemory(blank: 5, memory: 3);
        int B = 4, L = task.SequenceLength;
        var batch = task.Sample(B, new Generator(8));
        var perfect = new float[L * B * 10];
        for (int i = 0; i < L * B; i++) perfect[i * 10 + batch.Labels![i]] = 30f;
        var logits = Tensor.FromArray(perfect, L, B, 10);
        Assert.InRange(task.Loss(logits, batch).Item(), 0.0, 1e-6);
        Assert.Equal(1.0, task.Accuracy(logits, batch));

        // Uniform logits: ln 10 at every step; argmax picks class 0, never a digit.
        var uniform = Tensor.Zeros(L, B, 10);
        Assert.Equal(Math.Log(10), task.Loss(uniform, batch).Item(), 5);
        Assert.Equal(0.0, task.Accuracy(uniform, batch));

        // Right on the blanks, wrong on one recalled digit of one row: accuracy 1 − 1/(M·B).
        int row = (L - 1) * B + 2;
        perfect[row * 10 + batch.Labels![row]] = 0f;
        perfect[row * 10 + (batch.Labels[row] % 8) + 1] = 30f;
        Assert.Equal(1 - 1.0 / 12, task.Accuracy(Tensor.FromArray(perfect, L, B, 10), batch)!.Value, 12);
    }

    [Fact]
    public void BadArgumentsAreRefusedByName()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CopyMemory(0));
        var task = new CopyMemory(4, 2);
        var e = Assert.Throws<ArgumentException>(() => task.InputSymbols([1, 2, 3]));
        Assert.Contains("2 digits", e.Message);
        var batch = task.Sample(2, new Generator(1));
        e = Assert.Throws<ArgumentException>(() => task.Loss(Tensor.Zeros(2, 10), batch));
        Assert.Contains("(8, 2, 10)", e.Message);
    }
}
