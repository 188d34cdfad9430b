namespace Recur.Training;

/// <summary>Size and SHA-256 of one file of a checkpoint, recorded in its manifest so that a truncated or mixed checkpoint is detected.</summary>
public sealed record CheckpointFile(long Bytes, string Sha256);
