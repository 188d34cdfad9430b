namespace Recur.Decoding;

/// <summary>How a finished hypothesis's log-probability is divided by a function of its length |Y| (see <see cref="LengthNormalization"/>).</summary>
public enum LengthNormalizationKind
{
    /// <summary>lp = 1: the raw log-probability, which favours short outputs.</summary>
    None,
    /// <summary>lp = |Y|: the mean log-probability per token.</summary>
    Average,
    /// <summary>lp = |Y|^α (fairseq's lenpen).</summary>
    Power,
    /// <summary>lp = ((5 + |Y|) / 6)^α (Wu et al. 2016, GNMT, eq. 14).</summary>
    Gnmt,
}
