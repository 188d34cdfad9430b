using System.Text;
using Recur.IO;
using Recur.LanguageModels;
using Recur.NGram;
using Recur.Serialization;

namespace Recur.Tests.Fuzzing;

/// <summary>
/// The readers of user files and their seeds: ARPA and binary n-gram models estimated from a generated corpus (and a
/// hand-written ARPA), safetensors files written by PyTorch (the committed fixtures) and by Recur, word2vec text and binary vectors
/// (fastText's .vec, word2vec.c's and gensim's .bin fixtures), a fastText model, UTF-8 text with
/// and without a byte-order mark, a character vocabulary, WAV files and a speech manifest (FuzzTargets.Audio.cs). Each reader's documented errors: ArpaReader an
/// <see cref="ArpaFormatException"/>, the binary reader and safetensors an <see cref="InvalidDataException"/>, all
/// of them an <see cref="InputFileException"/>, each naming the file; the vocabulary an ArgumentException.
/// </summary>
public static partial class FuzzTargets
{
    const string HandArpa = "\\data\\\nngram 1=4\nngram 2=2\n\n\\1-grams:\n-99\t<s>\t-0.5\n-0.5\t</s>\n-0.3\ta\t-0.2\n-2\t<unk>\n\n\\2-grams:\n-0.1\t<s> a\n-0.4\ta </s>\n\n\\end\\\n";

    /// <summary>All targets; <paramref name="fixtures"/> is the folder of committed test fixtures, <paramref name="work"/> a scratch folder.</summary>
    public static IReadOnlyList<FuzzTarget> Create(string fixtures, string work)
    {
        string corpus = SyntheticCorpus.Generate(2_000, seed: 3);
        var counter = new NGramCounter(3);
        counter.AddText(new StringReader(corpus));
        var model = NGramEstimator.Estimate(counter.ToCounts(), new KneserNeySmoothing([KneserNeyDiscount.Fallback]));
        string arpaPath = Path.Combine(work, "seed.arpa"), binaryPath = Path.Combine(work, "seed.bin");
        ArpaWriter.Write(model, arpaPath);
        NGramBinaryWriter.Write(model, binaryPath);
        var handModel = ArpaReader.Read(new StringReader(HandArpa));
        string handBinary = Path.Combine(work, "hand.bin");
        NGramBinaryWriter.Write(handModel, handBinary);

        string ownSafetensors = Path.Combine(work, "own.safetensors");
        Safetensors.Save(ownSafetensors, new Dictionary<string, Tensor> { ["w"] = Tensor.Randn(new Generator(1), 3, 4), ["b"] = Tensor.Zeros(4) },
            new Dictionary<string, string> { ["format"] = "pt" });
        var safetensorSeeds = new List<byte[]> { File.ReadAllBytes(ownSafetensors) };
        foreach (var name in new[] { "safetensors/torch_mixed.safetensors", "rnn/gru_l1_uni.safetensors" })
            safetensorSeeds.Add(File.ReadAllBytes(Path.Combine(fixtures, name)));

        string text = corpus[..1500];
        string modelDir = Path.Combine(work, "model");
        LmTraining.Create(new LmSettings { Hidden = 8, Embedding = 4, Layers = 1, SeqLength = 8, BatchSize = 4, Steps = 2, EvalEvery = 2 }, corpus, null, modelDir).Run();
        string manifest = Path.Combine(modelDir, "checkpoint.json");
        var manifestSeed = File.ReadAllBytes(manifest);
        return
        [
            new("sentencepiece", new[] { "bpe/spm_bpe.model", "bpe/spm_bpe_bytes.model", "bpe/recur_bpe.model" }.Select(f => File.ReadAllBytes(Path.Combine(fixtures, f))).ToList(),
                ReadSentencePiece, (e, path) => e is InvalidDataException && e.Message.StartsWith(path + ": ") || Names(e, path)),
            new("checkpoint", [manifestSeed], path => ReadCheckpoint(path, modelDir),
                (e, _) => e is Recur.Training.CheckpointException && e.Message.StartsWith(modelDir, StringComparison.Ordinal)),
            new("arpa", [File.ReadAllBytes(arpaPath), Encoding.UTF8.GetBytes(HandArpa)], path => Use(ArpaReader.Read(path)),
                (e, path) => e is ArpaFormatException a && a.FileName == path || Names(e, path)),
            new("ngram-binary", [File.ReadAllBytes(binaryPath), File.ReadAllBytes(handBinary)], path => Use(NGramBinaryReader.Read(path)),
                (e, path) => e is InvalidDataException && e.Message.StartsWith(path + ": ") || Names(e, path)),
            new("safetensors", safetensorSeeds, path => Safetensors.Load(path),
                (e, path) => e is InvalidDataException && e.Message.StartsWith(path + ": ") || Names(e, path)),
            new("text", [Encoding.UTF8.GetBytes(text), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("naïve café — 😀\r\nline two\n")]], ReadTextAgainstOracle,
                Names),
            new("word2vec-text", new[] { "Embeddings/fasttext.vec" }.Select(f => File.ReadAllBytes(Path.Combine(fixtures, f))).ToList(),
                path => Recur.Embeddings.Formats.Word2VecTextFormat.Read(path), Names),
            new("word2vec-binary", new[] { "Embeddings/word2vec_c.bin", "Embeddings/gensim.bin" }.Select(f => File.ReadAllBytes(Path.Combine(fixtures, f))).ToList(),
                path => Recur.Embeddings.Formats.Word2VecBinaryFormat.Read(path), Names),
            new("fasttext-model", [File.ReadAllBytes(Path.Combine(fixtures, "Embeddings/fasttext_model.bin"))],
                path => Recur.Embeddings.FastText.FastTextModelFile.Read(path).WordVector("naïveté"), Names),
            new("char-vocabulary", [Encoding.UTF8.GetBytes(new string(CharVocabulary.FromText(text).Characters.ToArray()))], ReadVocabulary,
                (e, _) => e.GetType() == typeof(ArgumentException) && e.Message.Contains("appears twice")),
            new("wav", WavSeeds(fixtures, work), ReadWav, Names, WavFields),
            new("speech-manifest", [Encoding.UTF8.GetBytes(ManifestSeed)], ReadManifest, Names),
        ];
    }

    /// <summary>A sentencepiece model that loaded must also encode and decode a line.</summary>
    static void ReadSentencePiece(string path)
    {
        var model = Recur.Subwords.BpeModel.Load(path);
        model.Decode(model.EncodeIds("A dog runs — naïve café 😀 12,5"));
    }

    /// <summary>A mutated <c>checkpoint.json</c> beside the run's real files: opened, its sections read and the model loaded as `lm sample` would.</summary>
    static void ReadCheckpoint(string path, string modelDir)
    {
        File.Copy(path, Path.Combine(modelDir, "checkpoint.json"), overwrite: true);
        var checkpoint = Recur.Training.TrainingCheckpoint.Open(modelDir, LmTask.TaskName);
        checkpoint.Section<Recur.Training.Trainer.ProgressSection>("progress");
        checkpoint.Section<Recur.Training.Trainer.TrainerSection>("trainer");
        LmTraining.LoadModel(modelDir);
    }

    /// <summary>A model that loaded must also answer lookups: score sentences of its first words, every order deep.</summary>
    static void Use(BackoffModel model)
    {
        var words = Enumerable.Range(0, Math.Min(model.Vocabulary.Count, 40)).Select(id => model.Vocabulary[id]).ToArray();
        for (int i = 0; i < words.Length; i++)
            model.SentenceLog10Prob(string.Join(' ', words.Skip(i).Take(model.Order + 1)) + " unseen-word");
    }

    static bool Names(Exception e, string path) => e is InputFileException f && f.Path == path && f.Message.StartsWith(path + ":");

    /// <summary>The strict reader, checked against .NET's strict decoder: same text when it accepts, a reason when it refuses.</summary>
    static void ReadTextAgainstOracle(string path)
    {
        var bytes = File.ReadAllBytes(path);
        string text = TextFile.ReadAllText(path);
        int start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        string expected = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, start, bytes.Length - start);
        if (text != expected || Array.IndexOf(bytes, (byte)0) >= 0 || text.Length == 0)
            throw new InvalidOperationException($"{path}: the strict reader accepted a file the oracle decodes differently or refuses");
    }

    /// <summary>A vocabulary stored as its characters (as a checkpoint stores it): build it, and ids must round-trip.</summary>
    static void ReadVocabulary(string path)
    {
        string stored = Encoding.UTF8.GetString(File.ReadAllBytes(path));
        var vocabulary = new CharVocabulary(stored);
        if (vocabulary.Decode(vocabulary.Encode(stored)) != stored || vocabulary.Count != stored.Length)
            throw new InvalidOperationException($"{path}: the vocabulary does not round-trip its characters");
    }
}
