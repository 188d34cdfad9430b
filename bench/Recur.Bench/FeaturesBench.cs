using System.Diagnostics;
using Recur.Audio;
using Recur.Kernels;

namespace Recur.Bench;

/// <summary>
/// `features`: log-mel (80 mels, n_fft 400, hop 160) and MFCC (40 coefficients over the same mels) of --seconds
/// (default 60) of generated 16 kHz audio (chirps, a vowel-like harmonic stack and noise), on --threads (default 1)
/// kernel threads, after untimed warm-up; the best of --repeats (default 5) runs, printed as multiples of real time
/// (<c>features-logmel &lt;x&gt;</c>, <c>features-mfcc &lt;x&gt;</c>), and resampling to 22,050 Hz
/// (<c>features-resample-22050 &lt;x&gt;</c>). The audio goes through a WAV file so that
/// tools/features_torch_peer.py times torchaudio's MelSpectrogram and MFCC on the same samples in the same run
/// (skip it with --no-peer).
/// </summary>
public static class FeaturesBench
{
    public static int Run(BenchOptions o)
    {
        double seconds = o.Double("seconds", 60);
        int threads = o.Int("threads", 1), repeats = o.Int("repeats", 5);
        var clip = Generate(seconds, 16000, new Generator(20261206));
        var mel = new MelSpectrogramOptions { NFft = 400, HopLength = 160, NMels = 80 };
        var logMel = new MelSpectrogram(mel);
        var mfcc = new Mfcc(new MfccOptions { NMfcc = 40, Mel = mel });
        Console.WriteLine($"{seconds} s at 16 kHz ({logMel.Frames(clip.Samples.Length)} frames), {threads} thread(s), {Environment.ProcessorCount} cores (shared machine: figures are noisy)");
        using (Parallelism.Limit(threads))
        {
            Report("features-logmel", seconds, repeats, () => logMel.ComputeLog(clip.Samples));
            Report("features-mfcc", seconds, repeats, () => mfcc.Compute(clip.Samples));
            Report("features-resample-22050", seconds, repeats, () => Resampler.Resample(clip.Samples, 16000, 22050));
        }
        if (o.Has("no-peer"))
            return 0;
        string wav = Path.Combine(Path.GetTempPath(), $"recur-features-{Guid.NewGuid():N}.wav");
        try
        {
            WavFile.Write(wav, clip);
            var peer = Process.Start(new ProcessStartInfo("/usr/bin/python3", $"tools/features_torch_peer.py --wav {wav} --threads {threads} --repeats {repeats}"))!;
            peer.WaitForExit();
            return peer.ExitCode;
        }
        finally
        {
            File.Delete(wav);
        }
    }

    static void Report(string name, double seconds, int repeats, Func<float[]> run)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 1)
            run();
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"{name} {seconds / best:F0} x real time ({best * 1000:F1} ms)");
    }

    /// <summary>Speech-like test audio: a gliding harmonic stack (a voiced pitch track), chirps and noise.</summary>
    internal static AudioClip Generate(double seconds, int rate, Generator generator)
    {
        var samples = new float[(int)(seconds * rate)];
        double phase = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double t = (double)i / rate;
            double pitch = 120 + 40 * Math.Sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * pitch / rate;
            double voiced = 0;
            for (int h = 1; h <= 8; h++)
                voiced += Math.Sin(h * phase) / h;
            double chirp = Math.Sin(2 * Math.PI * (300 * t + 900 * (t % 2) * (t % 2)));
            samples[i] = (float)(0.25 * voiced * (0.6 + 0.4 * Math.Sin(2 * Math.PI * 3 * t)) + 0.1 * chirp + 0.02 * generator.NextNormal());
        }
        return new AudioClip(samples, rate);
    }
}
