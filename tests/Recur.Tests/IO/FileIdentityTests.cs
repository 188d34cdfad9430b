using System.Diagnostics;
using Recur.IO;

namespace Recur.Tests.IO;

/// <summary><see cref="FileIdentity"/> on the same path, symbolic links (to the file and to its directory), a hard link and a copy.</summary>
public sealed class FileIdentityTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("recur-identity-");

    public void Dispose() => dir.Delete(recursive: true);

    string PathOf(string name) => Path.Combine(dir.FullName, name);

    internal static void HardLink(string target, string link)
    {
        using var ln = Process.Start(new ProcessStartInfo("ln", [target, link]) { RedirectStandardError = true })!;
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);
    }

    [Fact]
    public void LinksAreTheSameFileACopyIsNot()
    {
        if (OperatingSystem.IsWindows()) return;
        string a = PathOf("a.arpa");
        File.WriteAllText(a, "data");
        Assert.True(FileIdentity.IsSameFile(a, a));
        Assert.True(FileIdentity.IsSameFile(a, Path.Combine(dir.FullName, ".", "a.arpa")));
        File.CreateSymbolicLink(PathOf("sym.arpa"), a);
        Assert.True(FileIdentity.IsSameFile(a, PathOf("sym.arpa")));
        Directory.CreateSymbolicLink(PathOf("subdir"), dir.FullName);
        Assert.True(FileIdentity.IsSameFile(Path.Combine(PathOf("subdir"), "a.arpa"), a));
        HardLink(a, PathOf("hard.arpa"));
        Assert.True(FileIdentity.IsSameFile(PathOf("hard.arpa"), a));

        File.Copy(a, PathOf("copy.arpa"));
        File.SetLastWriteTimeUtc(PathOf("copy.arpa"), File.GetLastWriteTimeUtc(a)); // as cp -p would
        Assert.False(FileIdentity.IsSameFile(PathOf("copy.arpa"), a));
        Assert.False(FileIdentity.IsSameFile(PathOf("new.bin"), a));
    }
}
