namespace Recur.Seq2Seq;

/// <summary>
/// How the decoder looks at the source. <see cref="None"/> is the fixed context vector of Cho et al. (2014): one
/// summary of the source fed at every step, the bottleneck attention removes. <see cref="Bahdanau"/> scores each
/// source position with the previous decoder state s_{t−1} by a one-layer network, v·tanh(W s_{t−1} + U h_j)
/// (Bahdanau et al. 2014, eq. 6). The Luong kinds score with the current state h_t (Luong et al. 2015, §3.1):
/// dot h_tᵀh̄_s, general h_tᵀW_a h̄_s, concat v_aᵀtanh(W_a[h_t; h̄_s]), and feed the attentional vector
/// h̃_t = tanh(W_c[c_t; h_t]) into the next step's input (input feeding, §3.3).
/// </summary>
public enum AttentionKind { None, Bahdanau, LuongDot, LuongGeneral, LuongConcat }
