namespace Recur.SequenceTasks;

/// <summary>How the copy-memory task feeds its symbols 0–9 to a model.</summary>
public enum CopyInputEncoding
{
    /// <summary>The symbol's value as one real feature (I = 1), as locuslab/TCN feeds it.</summary>
    Scalar,

    /// <summary>A one-hot vector over the ten symbols (I = 10), as Arjovsky et al. (2016) feed it.</summary>
    OneHot,
}
