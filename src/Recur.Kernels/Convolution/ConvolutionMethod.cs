namespace Recur.Kernels.Convolution;

/// <summary>How <see cref="CausalConvolution"/> computes a long convolution.</summary>
public enum ConvolutionMethod
{
    /// <summary>Direct below <see cref="CausalConvolution.FftThreshold"/> samples, FFT from there on.</summary>
    Auto,
    /// <summary>The O(L²) sum, one multiply-add sweep per kernel tap.</summary>
    Direct,
    /// <summary>Real FFTs of size ≥ 2L, O(L log L).</summary>
    Fft,
}
