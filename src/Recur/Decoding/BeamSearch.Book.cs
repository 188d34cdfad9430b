using System.Buffers;

namespace Recur.Decoding;

public static partial class BeamSearch
{
    /// <summary>
    /// The search's bookkeeping between model steps, in flat buffers allocated once per decode: scores per row,
    /// token histories (double-buffered, copied from the parent each step), and, for attention, each step's weights
    /// with the parent of every row so that a finished hypothesis's attention is traced back only when it ends.
    /// Row r belongs to unit r / W; unit u is input u / G, group u % G. The two large buffers (R × V
    /// log-probabilities, steps × R × S attention) are rented from the shared pool: one translation after another
    /// then reuses them instead of allocating megabytes on the large-object heap per call.
    /// </summary>
    sealed class Book : IDisposable
    {
        readonly BeamSearchOptions o;
        readonly int V, N, G, W, R, steps, S, eos;
        readonly int[] maxLength, sourceLength;
        readonly float[] logProbs, attention, unpenalised;
        readonly int[] parentSteps, tokens, parents, chosen;
        int[] history, nextHistory;
        double[] logP, nextLogP, search, nextSearch;
        readonly bool[] done;
        readonly List<Hypothesis>[] finished;
        readonly CandidateHeap heap = new();

        public Book(BeamSearchOptions options, int vocabulary, int inputs, ReadOnlySpan<int> sources, bool attends)
        {
            o = options;
            (V, N, G, eos) = (vocabulary, inputs, options.Groups, options.EndToken);
            W = options.BeamSize / G;
            R = N * options.BeamSize;
            sourceLength = sources.IsEmpty ? new int[N] : sources.ToArray();
            maxLength = sourceLength.Select(options.MaxLength).ToArray();
            steps = maxLength.Max() + 1;
            S = attends ? sourceLength.Max() : 0;
            logProbs = ArrayPool<float>.Shared.Rent(R * V);
            attention = attends ? ArrayPool<float>.Shared.Rent(steps * R * S) : [];
            parentSteps = attends ? new int[steps * R] : [];
            (tokens, parents, chosen) = (new int[R], new int[R], new int[options.BeamSize]);
            unpenalised = new float[W * options.BeamSize];
            (history, nextHistory) = (new int[R * steps], new int[R * steps]);
            (logP, nextLogP, search, nextSearch) = (new double[R], new double[R], new double[R], new double[R]);
            done = new bool[N * G];
            finished = Enumerable.Range(0, N * G).Select(_ => new List<Hypothesis>(W + 1)).ToArray();
        }

        public ReadOnlySpan<int> Tokens => tokens;
        public ReadOnlySpan<int> Parents => parents;
        public Span<float> LogProbs => logProbs.AsSpan(0, R * V);
        public Span<float> AttentionAt(int t) => S == 0 ? default : attention.AsSpan(t * R * S, R * S);

        /// <summary>Every unit starts from one live row (the others at −∞, so step 0 does not pick W copies of one token).</summary>
        public void Start(ReadOnlySpan<int> startTokens)
        {
            for (int r = 0; r < R; r++)
            {
                tokens[r] = startTokens[r / (G * W)];
                logP[r] = search[r] = r % W == 0 ? 0 : double.NegativeInfinity;
            }
        }

        /// <summary>Picks each unit's next beams from the step's log-probabilities; true when every unit is done.</summary>
        public bool Advance(int t)
        {
            int chosenCount = 0;
            bool all = true;
            for (int u = 0; u < N * G; u++)
            {
                if (u % G == 0) chosenCount = 0;
                int alive = done[u] ? 0 : Expand(u, t, chosenCount);
                for (int w = alive; w < W; w++)
                {
                    int nr = u * W + w;
                    (parents[nr], tokens[nr], nextLogP[nr], nextSearch[nr]) = (u * W, eos, double.NegativeInfinity, double.NegativeInfinity);
                }
                for (int w = 0; w < alive; w++) chosen[chosenCount++] = tokens[u * W + w];
                if (!done[u]) done[u] = IsDone(u, t, alive);
                all &= done[u];
            }
            if (all) return true;
            for (int r = 0; r < R; r++)
            {
                history.AsSpan(parents[r] * steps, t).CopyTo(nextHistory.AsSpan(r * steps, t));
                nextHistory[r * steps + t] = tokens[r];
            }
            if (S > 0) parents.CopyTo(parentSteps.AsSpan(t * R, R));
            (history, nextHistory) = (nextHistory, history);
            (logP, nextLogP) = (nextLogP, logP);
            (search, nextSearch) = (nextSearch, search);
            return false;
        }

        /// <summary>Constrains and penalises the unit's rows, ranks 2W candidates, finishes and keeps; returns the live count.</summary>
        int Expand(int u, int t, int earlier)
        {
            int n = u / G;
            double lambda = o.DiversityStrength;
            heap.Reset(2 * W);
            for (int w = 0; w < W; w++)
            {
                int r = u * W + w;
                if (double.IsNegativeInfinity(search[r])) continue;
                var row = logProbs.AsSpan(r * V, V);
                Constrain(row, t, n, history.AsSpan(r * steps, t));
                if (lambda > 0)
                    for (int i = 0; i < earlier; i++)
                    {
                        unpenalised[w * chosen.Length + i] = row[chosen[i]];
                        row[chosen[i]] -= (float)lambda;
                    }
                heap.Scan(row, search[r], w * V);
            }
            heap.SortDescending();
            int alive = 0;
            for (int i = 0; i < heap.Count && !(alive == W && i >= W); i++)
            {
                int index = heap.IndexAt(i), w = index / V, v = index % V, r = u * W + w;
                // The model's own log-probability: the value before the first diversity penalty hit this token.
                float own = logProbs[r * V + v];
                if (lambda > 0)
                    for (int j = 0; j < earlier; j++)
                        if (chosen[j] == v) { own = unpenalised[w * chosen.Length + j]; break; }
                double modelLogP = logP[r] + own;
                if (v == eos)
                {
                    if (i < W) Finish(u, r, t, modelLogP);
                    continue;
                }
                if (alive == W) continue;
                int nr = u * W + alive++;
                (parents[nr], tokens[nr], nextLogP[nr], nextSearch[nr]) = (r, v, modelLogP, heap.ScoreAt(i));
            }
            return alive;
        }

        /// <summary>At the maximum length only the end token remains; before the minimum it is forbidden; then n-gram blocking.</summary>
        void Constrain(Span<float> row, int t, int n, ReadOnlySpan<int> prefix)
        {
            if (t >= maxLength[n])
            {
                float end = row[eos];
                row.Fill(float.NegativeInfinity);
                row[eos] = end;
                return;
            }
            if (t < o.MinLength) row[eos] = float.NegativeInfinity;
            if (o.NoRepeatNGramSize > 0) NGramBlocking.Ban(prefix, o.NoRepeatNGramSize, row);
        }

        bool IsDone(int u, int t, int alive)
        {
            var list = finished[u];
            if (alive == 0 || t >= maxLength[u / G]) return true;
            if (list.Count < W) return false;
            if (o.EarlyStopping) return true;
            // log P only falls as a hypothesis grows, and lp(|Y|) grows with |Y|, so a live hypothesis can at best
            // reach its current log P over lp at the longest allowed length; both coverage terms are ≤ 0.
            double best = double.NegativeInfinity;
            for (int w = 0; w < alive; w++) best = Math.Max(best, nextLogP[u * W + w]);
            double bound = best / o.LengthNormalization.Divisor(maxLength[u / G] + 1);
            return bound <= list[^1].Score;
        }

        void Finish(int u, int r, int t, double modelLogP)
        {
            int length = t + 1, n = u / G, sn = sourceLength[n];
            float[]? weights = null;
            double coverage = 0;
            if (S > 0)
            {
                weights = new float[length * sn];
                for (int j = t, row = r; j >= 0; j--)
                {
                    attention.AsSpan((j * R + row) * S, sn).CopyTo(weights.AsSpan(j * sn, sn));
                    if (j > 0) row = parentSteps[(j - 1) * R + row];
                }
                if (o.CoveragePenalty.Kind != CoveragePenaltyKind.None)
                {
                    var c = new float[sn];
                    for (int j = 0; j < length; j++)
                        for (int i = 0; i < sn; i++) c[i] += weights[j * sn + i];
                    coverage = o.CoveragePenalty.Term(c);
                }
            }
            double score = modelLogP / o.LengthNormalization.Divisor(length) + coverage;
            var list = finished[u];
            if (list.Count == W && !(score > list[^1].Score)) return;
            var hypothesis = new Hypothesis(history.AsSpan(r * steps, t).ToArray(), modelLogP, score, length, Ended: true, u % G,
                o.ReturnAttention ? weights : null, S > 0 ? sn : 0);
            int at = list.Count;
            while (at > 0 && list[at - 1].Score < score) at--;
            list.Insert(at, hypothesis);
            if (list.Count > W) list.RemoveAt(W);
        }

        public void Dispose()
        {
            ArrayPool<float>.Shared.Return(logProbs);
            if (S > 0) ArrayPool<float>.Shared.Return(attention);
        }

        public Hypothesis[][] Results()
        {
            var results = new Hypothesis[N][];
            for (int n = 0; n < N; n++)
                results[n] = finished.Skip(n * G).Take(G).SelectMany(l => l).OrderByDescending(h => h.Score).Take(o.NBest).ToArray();
            return results;
        }
    }
}
