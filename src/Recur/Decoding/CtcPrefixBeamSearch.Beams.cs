namespace Recur.Decoding;

// The beam's storage: candidates as parallel arrays, and the per-frame index of the beam's prefixes.
public sealed partial class CtcPrefixBeamSearch
{
    /// <summary>
    /// A beam (or a frame's candidates) as parallel arrays: prefix node, ln p_b and ln p_nb. A candidate not yet in
    /// the tree has node −1 and is its parent node, label and ranking score besides the acoustic part.
    /// </summary>
    sealed class Beams(int capacity)
    {
        public readonly int[] Node = new int[capacity];
        public readonly int[] Parent = new int[capacity];
        public readonly int[] Token = new int[capacity];
        public readonly double[] Score = new double[capacity];
        public readonly double[] Blank = new double[capacity];
        public readonly double[] NonBlank = new double[capacity];
        public int Count;

        public void AddBlank<TState>(CtcPrefixTree<TState> tree, int frame, int node, double logP) where TState : IEquatable<TState>
        {
            int i = SlotOf(tree, frame, node);
            Blank[i] = LogAdd(Blank[i], logP);
        }

        public void AddNonBlank<TState>(CtcPrefixTree<TState> tree, int frame, int node, double logP) where TState : IEquatable<TState>
        {
            int i = SlotOf(tree, frame, node);
            NonBlank[i] = LogAdd(NonBlank[i], logP);
        }

        public void AddNew(int parent, int token, double logP, double score)
        {
            int i = Count++;
            (Node[i], Parent[i], Token[i], Score[i], Blank[i], NonBlank[i]) = (-1, parent, token, score, double.NegativeInfinity, logP);
        }

        /// <summary>The node's candidate this frame, opened at −∞ on first use; the stamp saves clearing between frames.</summary>
        int SlotOf<TState>(CtcPrefixTree<TState> tree, int frame, int node) where TState : IEquatable<TState>
        {
            ref int stamp = ref tree.Stamp(node);
            if (stamp == frame) return tree.Slot(node);
            stamp = frame;
            int i = Count++;
            (Node[i], Blank[i], NonBlank[i]) = (node, double.NegativeInfinity, double.NegativeInfinity);
            tree.Slot(node) = i;
            return i;
        }
    }

    /// <summary>
    /// The beam's nodes by (parent, last label), rebuilt each frame: finds whether an extension ℓ+c is already in
    /// the beam. Open addressing over a power-of-two table at most half full.
    /// </summary>
    sealed class BeamIndex(int beamWidth)
    {
        readonly long[] keys = new long[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * beamWidth)))];
        readonly int[] nodes = new int[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * beamWidth)))];

        public void Build<TState>(CtcPrefixTree<TState> tree, Beams beams, int classes) where TState : IEquatable<TState>
        {
            Array.Fill(nodes, -1);
            for (int b = 0; b < beams.Count; b++)
            {
                int node = beams.Node[b], parent = tree.Parent(node);
                if (parent < 0) continue;
                long key = Key(parent, tree.Token(node));
                int i = Home(key);
                while (nodes[i] >= 0) i = (i + 1) & (nodes.Length - 1);
                (keys[i], nodes[i]) = (key, node);
            }
        }

        /// <summary>The beam's node for <paramref name="parent"/>'s labels followed by <paramref name="token"/>, or −1.</summary>
        public int Find(int parent, int token)
        {
            long key = Key(parent, token);
            for (int i = Home(key); nodes[i] >= 0; i = (i + 1) & (nodes.Length - 1))
                if (keys[i] == key) return nodes[i];
            return -1;
        }

        static long Key(int parent, int token) => ((long)parent << 32) | (uint)token;

        int Home(long key) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15)) >> 40) & (nodes.Length - 1);
    }
}
