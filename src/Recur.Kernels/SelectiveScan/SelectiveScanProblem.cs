namespace Recur.Kernels.SelectiveScan;

/// <summary>
/// Sizes and options of one selective scan (Gu &amp; Dao 2023, Algorithm 2), time-major: T steps, B batch rows,
/// D channels, N states per channel. Optional pieces: the skip D (HasSkip), the gate z (HasGate), a per-channel
/// bias added to Δ before the optional softplus (HasDeltaBias, DeltaSoftplus) and a carried initial state
/// (HasInitialState). <see cref="ChunkLength"/> is how many steps lie between the states forward saves for
/// backward, which recomputes the states inside one chunk at a time.
/// </summary>
public sealed record SelectiveScanProblem(int Time, int Batch, int Channels, int States,
    bool HasSkip = true, bool HasGate = false, bool HasDeltaBias = false, bool DeltaSoftplus = false,
    bool HasInitialState = false, int ChunkLength = SelectiveScanProblem.DefaultChunkLength)
{
    /// <summary>
    /// 32 steps: backward keeps a chunk's states and decays for one block of channels, 2·32·N·32 floats
    /// (128 KB at N 16), inside a core's L2 cache, while the saved states cost 1/32 of the full (T, B, D, N).
    /// </summary>
    public const int DefaultChunkLength = 32;

    /// <summary>Chunks of <see cref="ChunkLength"/> steps (the last may be shorter).</summary>
    public int Chunks => (Time + ChunkLength - 1) / ChunkLength;

    /// <summary>Floats forward saves for backward: the state at the start of every chunk, (chunks, B, N, D).</summary>
    public long CheckpointLength => (long)Chunks * Batch * States * Channels;

    /// <summary>Throws when a size is out of range.</summary>
    public void Validate()
    {
        if (Time < 0 || Batch < 0 || Channels < 0 || States < 1 || ChunkLength < 1)
            throw new ArgumentException($"SelectiveScan: invalid sizes T {Time}, B {Batch}, D {Channels}, N {States}, chunk {ChunkLength}.");
    }
}
