using Recur.Subwords;

namespace Recur.Tests.Subwords;

/// <summary>
/// Models trained by Debian's <c>spm_train --model_type=bpe</c> (tools/make_bpe_fixtures.py) load, and every line of
/// the test text encodes to the pieces and ids <c>spm_encode</c> printed, NFKC folding and byte fallback included.
/// </summary>
public class SentencePieceInteropTests
{
    internal static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bpe");

    internal static string[] Lines(string file)
    {
        string text = File.ReadAllText(Path.Combine(Folder, file));
        return (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
    }

    [Theory]
    [InlineData("spm_bpe")]
    [InlineData("spm_bpe_bytes")]
    public void EncodesLikeSpmEncode(string name)
    {
        var model = BpeModel.Load(Path.Combine(Folder, name + ".model"));
        var text = Lines("test.txt");
        var pieces = Lines(name + ".pieces");
        var ids = Lines(name + ".ids");
        Assert.Equal(text.Length, pieces.Length);
        for (int i = 0; i < text.Length; i++)
        {
            Assert.True(pieces[i] == string.Join(' ', model.Encode(text[i])), $"line {i + 1}: {text[i]}\nspm:  {pieces[i]}\nours: {string.Join(' ', model.Encode(text[i]))}");
            Assert.Equal(ids[i], string.Join(' ', model.EncodeIds(text[i])));
        }
    }

    [Fact]
    public void RecurModelEncodesLikeSpmEncode()
    {
        // recur_bpe.model was written by `recur bpe train` and recur_bpe.pieces by spm_encode loading it.
        var trained = BpeTrainer.Train(Lines("train.txt"), new BpeTrainerOptions { VocabSize = 500 });
        using var buffer = new MemoryStream();
        trained.Save(buffer);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, "recur_bpe.model")), buffer.ToArray());
        var model = BpeModel.Load(Path.Combine(Folder, "recur_bpe.model"));
        var text = Lines("test.txt");
        var pieces = Lines("recur_bpe.pieces");
        for (int i = 0; i < text.Length; i++) Assert.Equal(pieces[i], string.Join(' ', model.Encode(text[i])));
    }

    [Fact]
    public void ReadsTheVocabularyAndSettings()
    {
        var model = BpeModel.Load(Path.Combine(Folder, "spm_bpe_bytes.model"));
        Assert.Equal(600, model.VocabSize);
        Assert.Equal((0, 1, 2, -1), (model.UnknownId, model.BosId, model.EosId, model.PadId));
        Assert.True(model.ByteFallback);
        Assert.Equal("nmt_nfkc", model.Normalizer.Name);
        Assert.Equal(PieceType.Byte, model.Pieces[3].Type);
        Assert.Equal("<0x00>", model.Pieces[3].Text);
    }

    [Fact]
    public void SavedModelsReloadWithTheSameVocabularyAndSegmentation()
    {
        var model = BpeModel.Load(Path.Combine(Folder, "spm_bpe.model"));
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        var again = BpeModel.Load(buffer);
        Assert.Equal(model.Pieces, again.Pieces);
        Assert.Equal(model.Normalizer.PrecompiledCharsMap, again.Normalizer.PrecompiledCharsMap);
        foreach (string line in Lines("test.txt")) Assert.Equal(model.Encode(line), again.Encode(line));
    }
}
