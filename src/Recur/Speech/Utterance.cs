namespace Recur.Speech;

/// <summary>One recording ready for a CTC model: its normalised features (frames × dims, time-major) and its transcript as class ids.</summary>
public sealed record Utterance(string Name, string Transcript, float[] Features, int Frames, int[] Labels);
