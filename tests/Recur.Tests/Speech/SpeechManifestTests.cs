using Recur.IO;
using Recur.Speech;

namespace Recur.Tests.Speech;

public sealed class SpeechManifestTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("recur-manifest-tests-").FullName;

    string Write(string text)
    {
        string path = Path.Combine(root, "list.tsv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void RelativePathsAreTakenFromTheManifestsFolderAndBlankLinesAreIgnored()
    {
        var manifest = SpeechManifest.Read(Write("a.wav\tyes  no\n\n/abs/b.wav\tno\n"));
        Assert.Equal(2, manifest.Entries.Count);
        Assert.Equal(Path.Combine(root, "a.wav"), manifest.Entries[0].Audio);
        Assert.Equal("yes no", manifest.Entries[0].Transcript);
        Assert.Equal("/abs/b.wav", manifest.Entries[1].Audio);
        Assert.Equal(3, manifest.Entries[1].Line);
    }

    [Theory]
    [InlineData("a.wav yes\n", ":1:", "no tab")]
    [InlineData("a.wav\tyes\n\tno\n", ":2:", "audio path is empty")]
    [InlineData("a.wav\t   \n", ":1:", "transcript of a.wav is empty")]
    [InlineData("\n\n", "", "lists no utterances")]
    public void AMalformedLineIsAnErrorNamingTheFileAndLine(string text, string line, string problem)
    {
        string path = Write(text);
        var e = Assert.ThrowsAny<InputFileException>(() => SpeechManifest.Read(path));
        Assert.Contains(path + line, e.Message);
        Assert.Contains(problem, e.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}
