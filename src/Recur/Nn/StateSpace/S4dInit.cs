namespace Recur.Nn;

/// <summary>The initial diagonal of S4D's state matrix (Gu et al. 2022, §4.1), n = 0..N/2−1.</summary>
public enum S4dInit
{
    /// <summary>S4D-Lin: A_n = −1/2 + iπn, the HiPPO-LegS imaginary parts approximated linearly (eq. 9).</summary>
    Lin,
    /// <summary>S4D-Inv: A_n = −1/2 + i(N/π)(N/(2n+1) − 1), with N the state size (eq. 8).</summary>
    Inv,
}
