namespace Recur.Seq2Seq;

/// <summary>
/// How the decoder's first state comes from the encoder: <see cref="Linear"/> tanh(W·mean_j h_j + b) over the
/// source's real positions (Cho et al. 2014 use a summary of the source; the mean is robust to padding and to a
/// bidirectional encoder), <see cref="Zeros"/>, or <see cref="Copy"/> the encoder's final state (Sutskever et al.
/// 2014; the sizes must agree: for a bidirectional encoder the two directions' final states are concatenated).
/// </summary>
public enum BridgeKind { Linear, Zeros, Copy }
