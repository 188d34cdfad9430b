using System.Globalization;
using Recur.Serialization;

namespace Recur.Tests.Optim;

/// <summary>Access to the PyTorch fixtures written by tools/make_optim_fixtures.py.</summary>
static class OptimFixtures
{
    public static readonly string[] ParameterNames = ["w", "b", "c"];

    public static SafetensorsFile Load(string name) =>
        Safetensors.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "optim", name + ".safetensors"));

    public static double Number(this SafetensorsFile file, string key) => double.Parse(file.Metadata[key], CultureInfo.InvariantCulture);

    /// <summary>Asserts |actual − expected| ≤ 1e-6 + 1e-6·|expected| element by element, naming the first failure.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            Assert.True(error <= tolerance + tolerance * Math.Abs(expected[i]),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (error {error:E2}).");
        }
    }
}
