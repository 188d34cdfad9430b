namespace Recur.Audio;

/// <summary>
/// SpecAugment masking (Park et al. 2019, §2): <see cref="FrequencyMasks"/> bands of up to
/// <see cref="FrequencyWidth"/> dimensions (F) and <see cref="TimeMasks"/> spans of up to <see cref="TimeWidth"/>
/// frames (T), a time span also at most <see cref="MaxTimeFraction"/> of the utterance (p).
/// </summary>
public sealed record SpecAugmentOptions(
    int FrequencyMasks = 2, int FrequencyWidth = 15, int TimeMasks = 2, int TimeWidth = 40, double MaxTimeFraction = 0.2);
