using Recur.Nn;

namespace Recur.Tests.Nn.Sequence;

/// <summary>
/// The promises every <see cref="ISequenceLayer"/> makes, checked the same way for each: chunks carried through the
/// state equal one pass, the stepper equals <c>Forward</c>, and outputs never read the future.
/// </summary>
public static class SequenceLayerContract
{
    /// <summary>Forward over T steps equals Forward over [0, split) then [split, T) with the state carried between.</summary>
    public static void ChunksEqualWhole(ISequenceLayer layer, int steps, int batch, int split, int seed = 7, float tolerance = 1e-4f)
    {
        using var _ = Tensor.NoGrad();
        var x = Tensor.Randn(new Generator((ulong)seed), steps, batch, layer.InputSize);
        var whole = layer.Forward(x).Output.ToArray();
        var (first, state) = layer.Forward(x.Narrow(0, 0, split).Contiguous());
        var (second, _) = layer.Forward(x.Narrow(0, split, steps - split).Contiguous(), state.Detach());
        var chunked = first.ToArray().Concat(second.ToArray()).ToArray();
        AssertClose(whole, chunked, tolerance, "chunked forward");
    }

    /// <summary>The stepper, from a zero state, reproduces Forward's output at every step.</summary>
    public static void StepperEqualsForward(ISequenceLayer layer, int steps, int batch, int seed = 11, float tolerance = 1e-4f)
    {
        using var _ = Tensor.NoGrad();
        var x = Tensor.Randn(new Generator((ulong)seed), steps, batch, layer.InputSize);
        var expected = layer.Forward(x).Output.ToArray();
        var stepper = layer.CreateStepper(batch);
        var state = new float[batch * stepper.StateSize];
        var y = new float[batch * layer.OutputSize];
        var xs = x.ToArray();
        int inStep = batch * layer.InputSize, outStep = batch * layer.OutputSize;
        var actual = new float[expected.Length];
        for (int t = 0; t < steps; t++)
        {
            stepper.Step(xs.AsSpan(t * inStep, inStep), state, y);
            y.CopyTo(actual, t * outStep);
        }
        AssertClose(expected, actual, tolerance, "stepper");
    }

    /// <summary>Changing the input at time t leaves every output before t unchanged.</summary>
    public static void IsCausal(ISequenceLayer layer, int steps, int batch, int t, int seed = 13)
    {
        using var _ = Tensor.NoGrad();
        var x = Tensor.Randn(new Generator((ulong)seed), steps, batch, layer.InputSize);
        var before = layer.Forward(x).Output.ToArray();
        var data = x.AsSpan();
        for (int i = t * batch * layer.InputSize; i < data.Length; i++) data[i] += 1f;
        var after = layer.Forward(x).Output.ToArray();
        int prefix = t * batch * layer.OutputSize;
        AssertClose(before.AsSpan(0, prefix).ToArray(), after.AsSpan(0, prefix).ToArray(), 0f, "outputs before the change");
        Assert.False(before.AsSpan(prefix).SequenceEqual(after.AsSpan(prefix)), "changing the input at t changed no output at or after t");
    }

    static void AssertClose(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}: element {i} is {actual[i]:G7}, expected {expected[i]:G7}");
    }
}
