using System.CommandLine;
using Recur.Cli.Commands.Metrics;
using Recur.Subwords;

namespace Recur.Cli.Commands.Bpe;

/// <summary>`recur bpe train`: learns a BPE vocabulary from text files and writes a sentencepiece .model file.</summary>
internal static class BpeTrainCommand
{
    public static Command Create()
    {
        var text = new Option<string[]>("--text") { Description = "Training text, one sentence per line; repeat to train one joint vocabulary on several files.", Required = true };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Final vocabulary size: special, byte, character and merged pieces together.", Required = true };
        var output = new Option<string>("--out") { Description = "The .model file to write (sentencepiece format).", Required = true };
        var coverage = new Option<double>("--character-coverage") { Description = "Fraction of the text's characters the vocabulary must cover.", DefaultValueFactory = _ => 0.9995 };
        var byteFallback = new Option<bool>("--byte-fallback") { Description = "Add the 256 byte pieces; unknown characters become UTF-8 bytes." };
        var maxLength = new Option<int>("--max-piece-length") { Description = "Longest piece, in characters.", DefaultValueFactory = _ => 16 };
        var keepWhitespace = new Option<bool>("--keep-whitespace") { Description = "Keep leading, trailing and repeated spaces, so that decoding restores them." };
        var command = new Command("train", "Train a byte-pair-encoding vocabulary (sentencepiece convention) and save it as a .model file.")
            { text, vocabSize, output, coverage, byteFallback, maxLength, keepWhitespace };
        LmCommand.SetGuardedAction(command, (parse, stdout, _) =>
        {
            var options = new BpeTrainerOptions
            {
                VocabSize = parse.GetValue(vocabSize),
                CharacterCoverage = parse.GetValue(coverage),
                ByteFallback = parse.GetValue(byteFallback),
                MaxPieceLength = parse.GetValue(maxLength),
                Normalizer = new NormalizerSettings { RemoveExtraWhitespaces = !parse.GetValue(keepWhitespace) },
            };
            if (options.VocabSize < 4) throw new UserInputException($"--vocab-size {options.VocabSize}: must be at least 4");
            if (!(options.CharacterCoverage > 0 && options.CharacterCoverage <= 1))
                throw new UserInputException($"--character-coverage {options.CharacterCoverage}: must be in (0, 1]");
            if (options.MaxPieceLength < 1) throw new UserInputException($"--max-piece-length {options.MaxPieceLength}: must be at least 1");
            var lines = parse.GetValue(text)!.SelectMany(path => TextLinesInput.Read(path)).ToArray();
            BpeModel model;
            try { model = BpeTrainer.Train(lines, options); }
            catch (ArgumentException e) { throw new UserInputException($"--vocab-size {options.VocabSize}: {e.Message.Split(" (Parameter")[0]}"); }
            string path = parse.GetValue(output)!;
            try { model.Save(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UserInputException($"{path}: cannot be written ({e.Message})"); }
            stdout.WriteLine($"{path}: {model.VocabSize} pieces from {lines.Length} lines");
            return 0;
        });
        return command;
    }
}
