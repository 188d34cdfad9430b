namespace Recur.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel (Goto and van de Geijn 2008; Van Zee and van de Geijn, BLIS, 2015):
/// C[Rows×Columns] = A·B + beta·C over one packed A micro-panel (kc steps of Rows values, alpha already applied)
/// and one packed B micro-panel (kc steps of Columns values). beta = 0 never reads C.
/// </summary>
internal unsafe interface IMicroKernel
{
    /// <summary>MR: rows of C per call, the broadcast dimension.</summary>
    static abstract int Rows { get; }

    /// <summary>NR: columns of C per call, the vector dimension.</summary>
    static abstract int Columns { get; }

    static abstract void Multiply(int kc, float* a, float* b, float* c, int ldc, float beta);

    /// <summary>
    /// The first <paramref name="rows"/> (1 … Rows − 1) rows of a full-width tile, straight into C, or false where the
    /// kernel has no such variant and the caller must run the full kernel into a scratch tile.
    /// </summary>
    static virtual bool MultiplyRows(int rows, int kc, float* a, float* b, float* c, int ldc, float beta) => false;
}
