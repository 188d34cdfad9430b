namespace Recur.Kernels;

/// <summary>
/// The Goto/BLIS loop nest over one rectangle of C, on the calling thread (Goto and van de Geijn 2008;
/// Van Zee and van de Geijn 2015): jc over nc columns, pc over kc depth (pack B), ic over mc rows (pack A),
/// then jr and ir over micro-panels. Edge tiles run the full kernel into a scratch tile and copy back.
/// </summary>
internal static unsafe class GemmBlocked
{
    public static void Run(GemmIsa isa, in GemmProblem g, GemmBlocking blocking, int row0, int rows, int col0, int cols)
    {
        switch (isa)
        {
            case GemmIsa.Avx512: Run<Avx512Kernel>(g, blocking, row0, rows, col0, cols); break;
            case GemmIsa.Avx2: Run<Avx2Kernel>(g, blocking, row0, rows, col0, cols); break;
            default: Run<ScalarKernel>(g, blocking, row0, rows, col0, cols); break;
        }
    }

    static void Run<TKernel>(in GemmProblem g, GemmBlocking blocking, int row0, int rows, int col0, int cols)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        var (mcMax, kcMax, ncMax) = blocking.Fit(mr, nr);
        float* packA = GemmBuffers.A(Math.Min(mcMax, RoundUp(rows, mr)) * Math.Min(kcMax, g.K));
        float* packB = GemmBuffers.B(Math.Min(ncMax, RoundUp(cols, nr)) * Math.Min(kcMax, g.K));
        float* tile = stackalloc float[mr * nr];
        for (int jc = 0; jc < cols; jc += ncMax)
        {
            int nc = Math.Min(ncMax, cols - jc);
            for (int pc = 0; pc < g.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, g.K - pc);
                float beta = pc == 0 ? g.Beta : 1f;
                GemmPacking.PackB(nr, kc, nc, g.B + pc * g.BRow + (col0 + jc) * g.BCol, g.BRow, g.BCol, packB);
                for (int ic = 0; ic < rows; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, rows - ic);
                    GemmPacking.PackA(mr, mc, kc, g.A + (row0 + ic) * g.ARow + pc * g.ACol, g.ARow, g.ACol, g.Alpha, packA);
                    float* c = g.C + (row0 + ic) * g.Ldc + col0 + jc;
                    Macro<TKernel>(mc, nc, kc, packA, packB, c, g.Ldc, beta, tile);
                }
            }
        }
    }

    // The B micro-panel (jr) stays hot in L1 while every A micro-panel of the block (ir) streams past it.
    static void Macro<TKernel>(int mc, int nc, int kc, float* packA, float* packB, float* c, nint ldc, float beta, float* tile)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* b = packB + jr * kc;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                float* a = packA + ir * kc;
                float* cTile = c + ir * ldc + jr;
                if (rows == mr && cols == nr)
                {
                    TKernel.Multiply(kc, a, b, cTile, (int)ldc, beta);
                    continue;
                }
                TKernel.Multiply(kc, a, b, tile, nr, 0);
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++)
                    {
                        float prior = beta == 0 ? 0 : beta * cTile[i * ldc + j];
                        cTile[i * ldc + j] = tile[i * nr + j] + prior;
                    }
            }
        }
    }

    static int RoundUp(int value, int unit) => (value + unit - 1) / unit * unit;
}
