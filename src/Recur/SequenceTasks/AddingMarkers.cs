namespace Recur.SequenceTasks;

/// <summary>Where the adding problem puts its two markers.</summary>
public enum AddingMarkers
{
    /// <summary>Two distinct steps drawn uniformly from the whole sequence, as locuslab/TCN's generator draws them.</summary>
    Anywhere,

    /// <summary>One step in the first half, one in the second (Hochreiter &amp; Schmidhuber 1997; Arjovsky et al. 2016).</summary>
    OneInEachHalf,
}
