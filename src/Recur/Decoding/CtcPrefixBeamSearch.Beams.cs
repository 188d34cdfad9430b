using static Recur.Kernels.Ctc.LogSpaceMath;

namespace Recur.Decoding;

// The beam's storage: prefixes or candidates as parallel arrays.
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
}
