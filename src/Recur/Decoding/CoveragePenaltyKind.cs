namespace Recur.Decoding;

/// <summary>Which coverage term is added to a finished hypothesis's score (see <see cref="CoveragePenalty"/>).</summary>
public enum CoveragePenaltyKind
{
    None,
    /// <summary>β · Σᵢ log min(cᵢ, 1) (Wu et al. 2016, GNMT, eq. 14): penalises source words left unattended.</summary>
    Gnmt,
    /// <summary>−β · (Σᵢ max(cᵢ, 1) − |X|) (OpenNMT's "summary" penalty): penalises source words attended more than once.</summary>
    Summary,
}
