namespace Recur.Kernels;

/// <summary>
/// The Goto/BLIS loop nest over one rectangle of C, on the calling thread (Goto and van de Geijn 2008;
/// Van Zee and van de Geijn 2015): jc over nc columns, pc over kc depth (pack B), ic over mc rows (pack A),
/// then jr and ir over micro-panels; <see cref="MicroTile"/> handles the edge tiles.
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
        // When all rows fit one A block (small m: RNN batches), each B micro-panel is used by that block alone,
        // so it is packed just before use into an L1-sized buffer instead of a whole kc×nc block round-tripping L2.
        bool packPerPanel = rows <= mcMax;
        // Equal A blocks (256 rows → 2×128, not 240 + 16) keep the last block from being a sliver.
        int blocks = (rows + mcMax - 1) / mcMax, mcStep = RoundUp((rows + blocks - 1) / blocks, mr);
        for (int jc = 0; jc < cols; jc += ncMax)
        {
            int nc = Math.Min(ncMax, cols - jc);
            for (int pc = 0; pc < g.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, g.K - pc);
                float beta = pc == 0 ? g.Beta : 1f;
                float* b = g.B + pc * g.BRow + (col0 + jc) * g.BCol;
                if (!packPerPanel)
                    GemmPacking.PackB(nr, kc, nc, b, g.BRow, g.BCol, packB);
                for (int ic = 0; ic < rows; ic += mcStep)
                {
                    int mc = Math.Min(mcStep, rows - ic);
                    GemmPacking.PackA(mr, mc, kc, g.A + (row0 + ic) * g.ARow + pc * g.ACol, g.ARow, g.ACol, g.Alpha, packA);
                    float* c = g.C + (row0 + ic) * g.Ldc + col0 + jc;
                    Macro<TKernel>(mc, nc, kc, packA, packB, packPerPanel ? b : null, g, c, beta, tile);
                }
            }
        }
    }

    // The B micro-panel (jr) stays hot in L1 while every A micro-panel of the block (ir) streams past it.
    // With unpackedB set, each micro-panel is packed from it into packB right before its sweep.
    static void Macro<TKernel>(int mc, int nc, int kc, float* packA, float* packB, float* unpackedB, in GemmProblem g,
        float* c, float beta, float* tile)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        nint ldc = g.Ldc;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* b = packB + jr * kc;
            if (unpackedB != null)
            {
                b = packB;
                GemmPacking.PackB(nr, kc, cols, unpackedB + jr * g.BCol, g.BRow, g.BCol, b);
            }
            for (int ir = 0; ir < mc; ir += mr)
                MicroTile.Multiply<TKernel>(Math.Min(mr, mc - ir), cols, kc, packA + ir * kc, b, c + ir * ldc + jr, ldc, beta, tile);
        }
    }

    static int RoundUp(int value, int unit) => (value + unit - 1) / unit * unit;
}
