using Recur.Metrics;
using Recur.Subwords;

namespace Recur.Tests.Subwords;

/// <summary>The README's subword and metric code, run as written on the committed fixture text.</summary>
public class ReadmeTextToolsExampleTests
{
    [Fact]
    public void SubwordAndMetricExampleRuns()
    {
        string dir = Directory.CreateTempSubdirectory("recur-readme-bpe-").FullName;
        try
        {
            string train = Path.Combine(SentencePieceInteropTests.Folder, "train.txt");
            var bpe = BpeTrainer.Train(File.ReadLines(train), new BpeTrainerOptions { VocabSize = 600, ByteFallback = true });
            bpe.Save(Path.Combine(dir, "bpe.model"));
            string[] pieces = bpe.Encode("A dog runs.");
            int[] ids = bpe.EncodeIds("A dog runs.", dropout: 0.1, generator: new Generator(1));
            string text = bpe.Decode(ids);
            Assert.Equal("A dog runs.", text);
            Assert.Equal("A dog runs.", bpe.Decode(pieces));
            Assert.Equal(bpe.Pieces, BpeModel.Load(Path.Combine(dir, "bpe.model")).Pieces);

            string[] hypotheses = ["The cat sat on the mat.", "A dog runs."];
            string[] references = ["The cat sat on a mat.", "A dog runs."];
            string hypothesis = hypotheses[0], reference = references[0];
            var bleu = new Bleu();
            BleuScore corpus = bleu.Corpus(hypotheses, [references]);
            BleuScore one = new Bleu(new BleuOptions { EffectiveOrder = true }).Sentence(hypothesis, [reference]);
            ChrFScore chrf = new ChrF(ChrFOptions.ChrFPlusPlus).Corpus(hypotheses, [references]);
            EditCounts wer = ErrorRate.Words(hypotheses, references);
            Assert.StartsWith("BLEU = ", corpus.ToString());
            Assert.InRange(one.Score, 0, 100);
            Assert.StartsWith("chrF2++ = ", chrf.ToString());
            Assert.Equal((1L, 9L), (wer.Substitutions, wer.ReferenceLength));   // a → the, of 6 + 3 words
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
