namespace Recur.IO;

/// <summary>
/// Whether two paths name the same file, so that a command can refuse to write its output over its own input. Paths
/// are compared after resolving symbolic links in every component; two distinct paths that both exist are then the
/// same file only if they also agree in size and modification time and an exclusive lock on one conflicts with a
/// shared lock held on the other — the test for a hard link that needs no inode number, which .NET does not expose.
/// With .NET's file locking switched off (DOTNET_SYSTEM_IO_DISABLEFILELOCKING) hard links go undetected.
/// </summary>
public static class FileIdentity
{
    public static bool IsSameFile(string first, string second)
    {
        ArgumentException.ThrowIfNullOrEmpty(first);
        ArgumentException.ThrowIfNullOrEmpty(second);
        string a = RealPath(first), b = RealPath(second);
        if (string.Equals(a, b, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            return true;
        var fa = new FileInfo(a);
        var fb = new FileInfo(b);
        if (!fa.Exists || !fb.Exists || fa.Length != fb.Length || fa.LastWriteTimeUtc != fb.LastWriteTimeUtc) return false;
        try
        {
            // .NET takes flock(LOCK_SH) for a shared read and flock(LOCK_EX) for FileShare.None (Unix), or the
            // equivalent share modes (Windows); locks are per inode, so they clash only on one file.
            using var held = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var probe = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The absolute path with every symbolic link resolved, for the part of it that exists.</summary>
    static string RealPath(string path, int depth = 0)
    {
        string full = Path.GetFullPath(path);
        string? parent = Path.GetDirectoryName(full);
        if (parent == null || depth > 40) return full;
        full = Path.Combine(RealPath(parent, depth + 1), Path.GetFileName(full));
        try
        {
            var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            return target == null ? full : RealPath(target.FullName, depth + 1);
        }
        catch (IOException) { return full; }
        catch (UnauthorizedAccessException) { return full; }
    }
}
