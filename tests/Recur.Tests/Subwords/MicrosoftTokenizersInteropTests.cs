using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using Recur.Subwords;

namespace Recur.Tests.Subwords;

/// <summary>
/// A model Recur trains and saves loads in Microsoft.ML.Tokenizers' SentencePieceTokenizer and encodes the same.
/// Two behaviours of that library depart from sentencepiece, and lines showing them are compared by text only:
/// it writes a run of unknown characters as one &lt;unk&gt; each (spm_encode writes one for the run, as the committed
/// spm fixtures show), and of two overlapping equal-scored pairs ("0 0 0" with "00" in the vocabulary) it does not
/// always merge the leftmost (spm_encode does; see RecurModelEncodesLikeSpmEncode).
/// </summary>
public class MicrosoftTokenizersInteropTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RecurModelsEncodeTheSameInMicrosoftMlTokenizers(bool byteFallback)
    {
        var model = BpeTrainer.Train(SentencePieceInteropTests.Lines("train.txt"), new BpeTrainerOptions { VocabSize = byteFallback ? 700 : 500, ByteFallback = byteFallback });
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        var tokenizer = SentencePieceTokenizer.Create(buffer, addBeginningOfSentence: false, addEndOfSentence: false);
        Assert.Equal(model.VocabSize, tokenizer.Vocabulary.Count);
        Assert.Equal(byteFallback, tokenizer.ByteFallback);
        int same = 0, lines = 0;
        foreach (string line in SentencePieceInteropTests.Lines("test.txt"))
        {
            lines++;
            var ours = model.EncodeIds(line);
            var theirs = tokenizer.EncodeToIds(line, addBeginningOfSentence: false, addEndOfSentence: false);
            bool unknownRun = !byteFallback && ours.Contains(model.UnknownId);
            bool tripleCharacter = Regex.IsMatch(model.Normalize(line), @"(.)\1\1");
            if (!unknownRun && !tripleCharacter)
            {
                Assert.True(ours.SequenceEqual(theirs), $"{line}\nours:   {string.Join(' ', model.Encode(line))}\ntheirs: {string.Join(' ', theirs.Select(model.IdToPiece))}");
                same++;
            }
            else if (!unknownRun) Assert.Equal(model.Decode(ours), model.Decode(theirs));
        }
        Assert.True(same >= (byteFallback ? 270 : 230), $"only {same} of {lines} lines were compared piece for piece");
    }
}
