using System.CommandLine;
using System.Text.Json;
using Recur.Embeddings.Evaluation;

namespace Recur.Cli.Commands.Embed;

/// <summary>
/// `recur embed eval`: analogy accuracy (3CosAdd and 3CosMul over the most frequent N words, by section, semantic,
/// syntactic, overall, with missing questions) and Spearman ρ with coverage on word-similarity files.
/// </summary>
internal static class EmbedEvalCommand
{
    public static Command Create()
    {
        var vectors = VectorsInput.Option();
        var analogy = new Option<string?>("--analogy") { Description = "Analogy questions in questions-words.txt format." };
        var similarity = new Option<string[]>("--similarity") { Description = "Word-similarity file (word1 word2 score); repeat, or name a directory to take every .txt in it." };
        var restrict = new Option<int>("--restrict") { Description = "Answer analogies among the most frequent N words (word2vec's and gensim's 30000).", DefaultValueFactory = _ => 30_000 };
        var sections = new Option<bool>("--sections") { Description = "Print every analogy section, not only semantic, syntactic and overall." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("eval", "Evaluate word vectors: analogy accuracy and word-similarity Spearman correlations.")
            { vectors, analogy, similarity, restrict, sections, json };
        LmCommand.SetGuardedAction(command, (parse, output, _) =>
        {
            string? analogyPath = parse.GetValue(analogy);
            var similarityPaths = (parse.GetValue(similarity) ?? []).SelectMany(Expand).ToArray();
            if (analogyPath == null && similarityPaths.Length == 0) throw new UserInputException("give --analogy FILE and/or --similarity FILE|DIR");
            int n = parse.GetValue(restrict);
            if (n < 1) throw new UserInputException($"--restrict {n}: must be at least 1");
            var questions = analogyPath == null ? null : AnalogyQuestions.Read(analogyPath);
            var pairSets = similarityPaths.Select(p => (Path: p, Pairs: WordPairs.Read(p))).ToArray();
            string vectorsPath = parse.GetValue(vectors)!;
            var table = VectorsInput.Load(vectorsPath);
            var analogies = questions == null ? [] : AnalogyEvaluator.Evaluate(table, questions, n);
            var similarities = pairSets.Select(s => SimilarityEvaluator.Evaluate(table, s.Pairs, Path.GetFileNameWithoutExtension(s.Path))).ToArray();
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    vectors = vectorsPath, words = table.Count, dimension = table.Dimension,
                    analogy = analogies.ToDictionary(a => a.Method.ToString().ToLowerInvariant(), a => new
                    {
                        restrict = a.RestrictVocabulary,
                        sections = a.Sections.Select(Score).ToArray(),
                        semantic = Score(a.Semantic), syntactic = Score(a.Syntactic), overall = Score(a.Overall),
                    }),
                    similarity = similarities.Select(s => new { name = s.Name, pairs = s.Pairs, found = s.Found, spearman = Finite(s.Spearman) }).ToArray(),
                }));
                return 0;
            }
            output.WriteLine($"{vectorsPath}: {table.Count:N0} vectors of dimension {table.Dimension}");
            foreach (var a in analogies)
            {
                output.WriteLine($"analogy {a.Method} (most frequent {a.RestrictVocabulary:N0} words):");
                var rows = parse.GetValue(sections) ? [.. a.Sections, a.Semantic, a.Syntactic, a.Overall] : new[] { a.Semantic, a.Syntactic, a.Overall };
                foreach (var s in rows)
                    output.WriteLine($"  {s.Name,-28} {Percent(s.Accuracy),7}  ({s.Correct:N0}/{s.Answered:N0} answered, {s.Missing:N0} missing of {s.Questions:N0})");
            }
            foreach (var s in similarities)
                output.WriteLine($"similarity {s.Name,-22} ρ {(double.IsFinite(s.Spearman) ? s.Spearman.ToString("F4") : "n/a"),7}  ({s.Found:N0}/{s.Pairs:N0} pairs, {s.Coverage * 100:F1}%)");
            return 0;
        });
        return command;
    }

    static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path) ? Directory.GetFiles(path, "*.txt").Where(f => !Path.GetFileName(f).StartsWith("SOURCE", StringComparison.Ordinal)).Order(StringComparer.Ordinal) : [path];

    static object Score(AnalogyScore s) => new { name = s.Name, questions = s.Questions, answered = s.Answered, correct = s.Correct, accuracy = Finite(s.Accuracy) };

    static double? Finite(double x) => double.IsFinite(x) ? x : null;

    static string Percent(double x) => double.IsFinite(x) ? $"{x * 100:F2}%" : "n/a";
}
