namespace Recur.Tests.Autograd;

/// <summary>
/// Central finite-difference check of an op's backward. The objective is L = Σ w ⊙ f(inputs) with fixed random
/// weights w (so every output element matters, with a different weight), summed in double precision. The analytic
/// gradient comes from f(...).Backward(seed: w); the numeric one from (L(x+ε) − L(x−ε)) / 2ε per input element.
/// With float32 arithmetic the numeric estimate carries an error of about ulp(f)/ε, so ε is large (1e-2 by default)
/// and the tolerance is set just above that noise: a wrong factor, sign or missing term still fails by orders of
/// magnitude (see the test that feeds a deliberately wrong backward).
/// </summary>
public static class GradientCheck
{
    public static void Assert(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Assert(f, inputs, 1e-2, 2e-2, 2e-3);

    public static void Assert(Func<Tensor[], Tensor> f, Tensor[] inputs, double epsilon, double relativeTolerance, double absoluteTolerance)
    {
        var failures = Check(f, inputs, epsilon, relativeTolerance, absoluteTolerance);
        if (failures.Count > 0) Xunit.Assert.Fail(string.Join("\n", failures.Take(10)));
    }

    /// <summary>Returns one line per element whose analytic and numeric gradients disagree (empty when they agree).</summary>
    public static List<string> Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double epsilon, double relativeTolerance, double absoluteTolerance)
    {
        foreach (var x in inputs) { x.RequiresGrad = true; x.Grad = null; }
        var output = f(inputs);
        var weights = Tensor.Uniform(new Generator(1234), -1f, 1f, output.Shape.ToArray());
        output.Backward(weights);

        var failures = new List<string>();
        bool anyNonZero = false;
        for (int which = 0; which < inputs.Length; which++)
        {
            var x = inputs[which];
            var analytic = x.Grad?.ToArray() ?? new float[x.Count];
            var data = x.AsSpan();
            for (int i = 0; i < data.Length; i++)
            {
                float saved = data[i];
                data[i] = saved + (float)epsilon;
                double plus = Objective(f, inputs, weights);
                data = x.AsSpan();
                data[i] = saved - (float)epsilon;
                double minus = Objective(f, inputs, weights);
                data = x.AsSpan();
                data[i] = saved;
                double numeric = (plus - minus) / (2 * epsilon);
                anyNonZero |= Math.Abs(numeric) > absoluteTolerance;
                double error = Math.Abs(numeric - analytic[i]);
                if (error > absoluteTolerance + relativeTolerance * Math.Abs(numeric))
                    failures.Add($"input {which}, element {i}: analytic {analytic[i]:G6}, numeric {numeric:G6}");
            }
        }
        if (!anyNonZero) failures.Add("every numeric gradient is zero: the check would pass for any backward");
        return failures;
    }

    static double Objective(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights)
    {
        using var _ = Tensor.NoGrad();
        var y = f(inputs).ToArray();
        var w = weights.AsSpan();
        double sum = 0;
        for (int i = 0; i < y.Length; i++) sum += (double)w[i] * y[i];
        return sum;
    }
}
