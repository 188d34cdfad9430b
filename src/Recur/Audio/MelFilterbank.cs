namespace Recur.Audio;

/// <summary>
/// Triangular mel filters over the NFft/2 + 1 DFT bins, as <c>torchaudio.functional.melscale_fbanks</c>: NMels + 2
/// points equally spaced on the mel scale between FMin and FMax, each filter rising from point m to m + 1 and
/// falling to m + 2 (linear in Hz); with slaney norm each is scaled by 2 / (f[m+2] − f[m]).
/// </summary>
internal static class MelFilterbank
{
    /// <summary>The (bins × NMels) row-major matrix, so that mel = power · filterbank.</summary>
    public static float[] Create(int bins, double fMin, double fMax, int nMels, int sampleRate, string? norm, string scale)
    {
        // torchaudio spaces the bin frequencies over [0, sample_rate // 2] (integer division).
        double top = sampleRate / 2;
        double mMin = HzToMel(fMin, scale), mMax = HzToMel(fMax, scale);
        var points = new double[nMels + 2];
        for (int i = 0; i < points.Length; i++)
            points[i] = MelToHz(mMin + (mMax - mMin) * i / (nMels + 1), scale);
        var fb = new float[bins * nMels];
        for (int b = 0; b < bins; b++)
        {
            double f = bins == 1 ? 0 : top * b / (bins - 1);
            for (int m = 0; m < nMels; m++)
            {
                double down = (f - points[m]) / (points[m + 1] - points[m]);
                double up = (points[m + 2] - f) / (points[m + 2] - points[m + 1]);
                double w = Math.Max(0, Math.Min(down, up));
                if (norm == "slaney")
                    w *= 2.0 / (points[m + 2] - points[m]);
                fb[b * nMels + m] = (float)w;
            }
        }
        return fb;
    }

    // Slaney's Auditory Toolbox scale: linear (3 mel per 200 Hz) below 1 kHz, logarithmic (27 mel per ×6.4) above.
    const double SlaneyStep = 200.0 / 3, SlaneyBreakHz = 1000, SlaneyBreakMel = SlaneyBreakHz / SlaneyStep;
    static readonly double SlaneyLogStep = Math.Log(6.4) / 27;

    public static double HzToMel(double hz, string scale)
    {
        if (scale == "htk")
            return 2595 * Math.Log10(1 + hz / 700);
        return hz < SlaneyBreakHz ? hz / SlaneyStep : SlaneyBreakMel + Math.Log(hz / SlaneyBreakHz) / SlaneyLogStep;
    }

    public static double MelToHz(double mel, string scale)
    {
        if (scale == "htk")
            return 700 * (Math.Pow(10, mel / 2595) - 1);
        return mel < SlaneyBreakMel ? mel * SlaneyStep : SlaneyBreakHz * Math.Exp(SlaneyLogStep * (mel - SlaneyBreakMel));
    }
}
