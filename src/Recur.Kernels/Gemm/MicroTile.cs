namespace Recur.Kernels;

/// <summary>
/// One rows×cols tile of C from packed micro-panels, whatever its size: a whole tile runs the kernel into C; a tile
/// short of rows but full width runs the kernel's row variant where it has one (a batch of 32 on a 6-row kernel
/// leaves a 2-row tile in every panel, which the full kernel would compute three times over); anything else runs
/// the full kernel into <paramref name="tile"/> (Rows × Columns floats) and copies the part that exists.
/// </summary>
internal static unsafe class MicroTile
{
    public static void Multiply<TKernel>(int rows, int cols, int kc, float* a, float* b, float* c, nint ldc, float beta, float* tile)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        if (cols == nr)
        {
            if (rows == mr)
            {
                TKernel.Multiply(kc, a, b, c, (int)ldc, beta);
                return;
            }
            if (TKernel.MultiplyRows(rows, kc, a, b, c, (int)ldc, beta)) return;
        }
        TKernel.Multiply(kc, a, b, tile, nr, 0);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                float prior = beta == 0 ? 0 : beta * c[i * ldc + j];
                c[i * ldc + j] = tile[i * nr + j] + prior;
            }
    }
}
