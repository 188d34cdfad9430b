using System.Runtime.CompilerServices;

namespace Recur.NGram;

/// <summary>
/// The lines of a text as spans into one reusable buffer, so that reading a large file allocates nothing per line.
/// Lines end as <see cref="TextReader.ReadLine"/> ends them (at "\n", "\r" or "\r\n") and a span stays valid only
/// until the next call to <see cref="TryRead"/>.
/// </summary>
internal sealed class TextLines(TextReader text)
{
    char[] buffer = new char[1 << 16];
    int start, end;
    bool exhausted;

    /// <summary>The 1-based number of the line last read.</summary>
    public long Number { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRead(out ReadOnlySpan<char> line)
    {
        for (; ; )
        {
            var pending = buffer.AsSpan(start, end - start);
            int i = pending.IndexOfAny('\n', '\r');
            // A final "\r" may be the first half of "\r\n", so it waits for the next block unless none follows.
            if (i >= 0 && (pending[i] == '\n' || i + 1 < pending.Length || exhausted))
            {
                line = pending[..i];
                start += i + (pending[i] == '\r' && i + 1 < pending.Length && pending[i + 1] == '\n' ? 2 : 1);
                Number++;
                return true;
            }
            if (exhausted)
            {
                line = pending;
                start = end;
                if (pending.IsEmpty) return false;
                Number++;
                return true;
            }
            Refill();
        }
    }

    void Refill()
    {
        int kept = end - start;
        if (kept == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        buffer.AsSpan(start, kept).CopyTo(buffer);
        start = 0;
        end = kept;
        int read = text.Read(buffer, end, buffer.Length - end);
        if (read == 0) exhausted = true;
        end += read;
    }
}
