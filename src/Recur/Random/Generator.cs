namespace Recur;

/// <summary>
/// Seeded pseudo-random source (xoshiro256**, seeded through SplitMix64; Blackman &amp; Vigna 2018).
/// The same seed gives the same bits on every machine and runtime, unlike a clock-seeded source.
/// </summary>
public sealed class Generator
{
    ulong s0, s1, s2, s3;
    double? spareNormal;

    /// <summary>
    /// The process-wide source used where no generator is passed (PyTorch's default generator); reseed it with
    /// <see cref="ManualSeed"/>. Pass an explicit generator wherever reproducibility across threads matters.
    /// </summary>
    public static Generator Default { get; private set; } = new(0);

    /// <summary>Reseeds <see cref="Default"/>, like <c>torch.manual_seed</c>.</summary>
    public static void ManualSeed(ulong seed) => Default = new Generator(seed);

    public Generator(ulong seed)
    {
        ulong x = seed;
        s0 = SplitMix(ref x); s1 = SplitMix(ref x); s2 = SplitMix(ref x); s3 = SplitMix(ref x);
    }

    static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// The generator's full state, so that training can be resumed bit for bit: the four words of xoshiro256**, and a
    /// fifth holding the bits of the normal sample <see cref="NextNormal"/> has drawn but not yet returned, if any.
    /// </summary>
    public ulong[] State
    {
        get => spareNormal is double spare ? [s0, s1, s2, s3, BitConverter.DoubleToUInt64Bits(spare)] : [s0, s1, s2, s3];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length is not (4 or 5)) throw new ArgumentException($"A generator state has 4 words (5 with a pending normal sample), not {value.Length}.", nameof(value));
            (s0, s1, s2, s3) = (value[0], value[1], value[2], value[3]);
            spareNormal = value.Length == 5 ? BitConverter.UInt64BitsToDouble(value[4]) : null;
        }
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits, exactly representable in float32.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform integer in [0, n), without modulo bias (Lemire 2019).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Upper bound must be positive.");
        ulong bound = (ulong)n;
        UInt128 product = (UInt128)NextUInt64() * bound;
        ulong low = (ulong)product;
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                product = (UInt128)NextUInt64() * bound;
                low = (ulong)product;
            }
        }
        return (int)(product >> 64);
    }

    /// <summary>Standard normal sample (Box–Muller, both values used).</summary>
    public double NextNormal()
    {
        if (spareNormal is double spare) { spareNormal = null; return spare; }
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }
}
