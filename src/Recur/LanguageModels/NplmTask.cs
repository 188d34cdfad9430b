using System.Text.Json.Nodes;
using Recur.Data;
using Recur.Nn;
using Recur.Training;

namespace Recur.LanguageModels;

/// <summary>
/// Training a <see cref="NeuralProbabilisticLm"/> as a <see cref="ITrainingTask"/>: every position of the training
/// word stream is one example (its n − 1 previous words → the word), visited in a fresh random order each epoch
/// (<see cref="EpochShuffle"/>) in minibatches. The stream is the text's words with <c>&lt;/s&gt;</c> after every
/// line (the Penn Treebank convention of Mikolov et al.); positions before the start read <c>&lt;/s&gt;</c>. The
/// checkpoint stores the index into the epoch's order, which with the epoch rebuilds the exact batch sequence.
/// </summary>
public sealed class NplmTask : ITrainingTask
{
    public const string TaskName = "nplm";

    readonly int[] train, validation;
    readonly EpochShuffle shuffle;
    readonly int batchSize;
    readonly int[] contexts, targets;
    int epoch, index;

    public NplmTask(NeuralProbabilisticLm model, TokenVocabulary vocabulary, int[] train, int[] validation, int batchSize, ulong shuffleSeed)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (train.Length < batchSize) throw new TrainingSetupException($"{train.Length} training words do not fill one batch of {batchSize}");
        if (validation.Length < 1) throw new TrainingSetupException("the validation text has no words");
        (this.train, this.validation, this.batchSize) = (train, validation, batchSize);
        shuffle = new EpochShuffle(train.Length, shuffleSeed);
        contexts = new int[batchSize * model.Config.Context];
        targets = new int[batchSize];
    }

    public string Name => TaskName;
    public NeuralProbabilisticLm Model { get; }
    Module ITrainingTask.Model => Model;
    public TokenVocabulary Vocabulary { get; }

    /// <summary>Writes example <paramref name="position"/> (its context and target) into row <paramref name="row"/>.</summary>
    static void Example(int[] stream, int position, int context, Span<int> contextRow, out int target)
    {
        for (int j = 0; j < context; j++)
        {
            int source = position - context + j;
            contextRow[j] = source >= 0 ? stream[source] : TokenVocabulary.EndId;
        }
        target = stream[position];
    }

    public TrainingBatch NextBatch()
    {
        // An epoch is ⌊N / B⌋ full batches; the few examples left over wait for a later epoch's order.
        int n1 = Model.Config.Context, batches = train.Length / batchSize;
        var order = shuffle.Order(epoch);
        for (int b = 0; b < batchSize; b++)
            Example(train, order[index * batchSize + b], n1, contexts.AsSpan(b * n1, n1), out targets[b]);
        var loss = Functional.CrossEntropy(Model.Forward(contexts, batchSize), targets);
        bool ends = ++index == batches;
        if (ends) (epoch, index) = (epoch + 1, 0);
        return new TrainingBatch(loss, batchSize, ends, (double)index / batches);
    }

    public IReadOnlyDictionary<string, double> Evaluate(CancellationToken cancellationToken)
    {
        double nats = Score(validation, cancellationToken);
        return new Dictionary<string, double> { ["loss"] = nats, ["perplexity"] = Math.Exp(nats) };
    }

    /// <summary>Mean −ln p of every word of <paramref name="stream"/> given its n − 1 predecessors.</summary>
    public double Score(int[] stream, CancellationToken cancellationToken = default)
    {
        bool wasTraining = Model.Training;
        Model.Eval();
        try
        {
            using var noGrad = Tensor.NoGrad();
            int n1 = Model.Config.Context, chunk = 512;
            double total = 0;
            for (int start = 0; start < stream.Length; start += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int B = Math.Min(chunk, stream.Length - start);
                var c = new int[B * n1];
                var t = new int[B];
                for (int b = 0; b < B; b++) Example(stream, start + b, n1, c.AsSpan(b * n1, n1), out t[b]);
                total += Functional.CrossEntropy(Model.Forward(c, B), t, reduction: Reduction.Sum).Item();
            }
            return total / stream.Length;
        }
        finally { Model.Train(wasTraining); }
    }

    public void Save(CheckpointContents contents)
    {
        contents.Sections["vocabulary"] = new JsonArray(Vocabulary.Tokens.Select(t => (JsonNode)t).ToArray());
        contents.Sections["model"] = System.Text.Json.JsonSerializer.SerializeToNode(Model.Config, CheckpointJson.Options);
        contents.DataPosition = new JsonObject { ["epoch"] = epoch, ["index"] = index };
    }

    public void Restore(TrainingCheckpoint checkpoint)
    {
        var data = checkpoint.Manifest["progress"]?["data"];
        int e = data?["epoch"] is JsonValue ev && ev.TryGetValue(out int ei) ? ei : -1;
        int i = data?["index"] is JsonValue iv && iv.TryGetValue(out int ii) ? ii : -1;
        if (e < 0 || i < 0 || i >= train.Length / batchSize)
            throw new CheckpointException($"{checkpoint.ManifestPath}: the data position (epoch {e}, batch {i}) does not fit this text");
        (epoch, index) = (e, i);
    }
}
