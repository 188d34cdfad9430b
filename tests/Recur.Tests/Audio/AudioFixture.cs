using System.Text.Json;
using Recur.Audio;
using Recur.Serialization;

namespace Recur.Tests.Audio;

/// <summary>
/// torchaudio 0.13 reference values for the audio front end (tools/make_audio_fixtures.py): test signals, each case's
/// time-major output and its parameters as a JSON object in the metadata.
/// </summary>
internal static class AudioFixture
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "audio");

    public static readonly SafetensorsFile Features = Safetensors.Load(Path.Combine(Directory, "features.safetensors"));

    public static readonly SafetensorsFile Wav = Safetensors.Load(Path.Combine(Directory, "wav.safetensors"));

    public static JsonElement Parameters(string name) => JsonDocument.Parse(Features.Metadata[name]).RootElement;

    public static float[] Input(string name) => Features.Tensors[Parameters(name).GetProperty("input").GetString()!].ToArray();

    public static float[] Output(string name) => Features.Tensors[name + ".out"].ToArray();

    /// <summary>torchaudio.transforms.MelSpectrogram keyword arguments as options.</summary>
    public static MelSpectrogramOptions MelOptions(JsonElement p)
    {
        var o = new MelSpectrogramOptions();
        foreach (var property in p.EnumerateObject())
        {
            var v = property.Value;
            o = property.Name switch
            {
                "sample_rate" => o with { SampleRate = v.GetInt32() },
                "n_fft" => o with { NFft = v.GetInt32() },
                "win_length" => o with { WinLength = v.GetInt32() },
                "hop_length" => o with { HopLength = v.GetInt32() },
                "f_min" => o with { FMin = v.GetDouble() },
                "f_max" => o with { FMax = v.GetDouble() },
                "pad" => o with { Pad = v.GetInt32() },
                "n_mels" => o with { NMels = v.GetInt32() },
                "power" => o with { Power = v.GetDouble() },
                "normalized" => o with { Normalized = v.GetBoolean() },
                "center" => o with { Center = v.GetBoolean() },
                "norm" => o with { Norm = v.GetString() },
                "mel_scale" => o with { MelScale = v.GetString()! },
                "input" => o,
                _ => throw new InvalidDataException($"unknown MelSpectrogram parameter '{property.Name}' in the fixture"),
            };
        }
        return o;
    }

    /// <summary>
    /// Asserts |actual − expected| ≤ rtol·|expected| + atol·max|expected|: relative for the bins that carry the
    /// energy, and a floor relative to the largest value for bins so small that float rounding of the DFT dominates.
    /// </summary>
    public static void AssertClose(float[] expected, float[] actual, double rtol, double atol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(MathF.Abs);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= rtol * Math.Abs(expected[i]) + atol * scale,
                $"{what}[{i}]: {actual[i]} vs torchaudio {expected[i]} (error {error:G3})");
        }
    }
}
