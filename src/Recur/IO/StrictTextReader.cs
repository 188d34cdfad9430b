using System.Buffers;
using System.Text.Unicode;

namespace Recur.IO;

/// <summary>
/// A <see cref="TextReader"/> over a UTF-8 stream that refuses what is not text: a NUL byte (the mark of a binary
/// file) or an invalid UTF-8 sequence stops it with an <see cref="InputFileException"/> that gives the byte offset,
/// and for bad UTF-8 also the line and column. With <c>rejectEmpty</c> a stream with no characters (nothing, or only a
/// byte-order mark) is reported as empty. Decoding goes block by block, so a file of any size streams through.
/// </summary>
public sealed class StrictTextReader : TextReader
{
    const int BlockSize = 1 << 16;
    static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    readonly Stream stream;
    readonly string name;
    readonly bool rejectEmpty, leaveOpen;
    readonly byte[] bytes = new byte[BlockSize];
    // UTF-8 never decodes to more UTF-16 units than it has bytes, so one block of bytes always fits.
    readonly char[] chars = new char[BlockSize];
    int byteStart, byteEnd, charStart, charEnd;
    long blockOffset;          // file offset of bytes[0]
    long line = 1, column = 1; // position of the next character to decode
    bool exhausted, bomChecked, sawText;

    public StrictTextReader(Stream stream, string name, bool rejectEmpty = true, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        this.stream = stream;
        this.name = name;
        this.rejectEmpty = rejectEmpty;
        this.leaveOpen = leaveOpen;
    }

    /// <summary>The name errors give (the path, or a label such as "stdin").</summary>
    public string Name => name;

    public override int Peek() => charStart < charEnd || Fill() ? chars[charStart] : -1;

    public override int Read() => charStart < charEnd || Fill() ? chars[charStart++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty || (charStart == charEnd && !Fill())) return 0;
        int n = Math.Min(buffer.Length, charEnd - charStart);
        chars.AsSpan(charStart, n).CopyTo(buffer);
        charStart += n;
        return n;
    }

    public override string? ReadLine()
    {
        if (charStart == charEnd && !Fill()) return null;
        System.Text.StringBuilder? longLine = null;
        for (; ; )
        {
            var pending = chars.AsSpan(charStart, charEnd - charStart);
            int i = pending.IndexOfAny('\n', '\r');
            if (i >= 0)
            {
                string text = longLine == null ? new string(pending[..i]) : longLine.Append(pending[..i]).ToString();
                charStart += i + 1;
                if (pending[i] == '\r' && Peek() == '\n') charStart++;
                return text;
            }
            (longLine ??= new()).Append(pending);
            charStart = charEnd;
            if (!Fill()) return longLine.ToString();
        }
    }

    /// <summary>Decodes the next block into <see cref="chars"/>; false at the end of the stream.</summary>
    bool Fill()
    {
        charStart = charEnd = 0;
        while (charEnd == 0)
        {
            if (!exhausted) ReadBlock();
            if (!bomChecked)
            {
                if (byteEnd - byteStart < Bom.Length && !exhausted) continue;
                if (bytes.AsSpan(byteStart, byteEnd - byteStart).StartsWith(Bom)) byteStart += Bom.Length;
                bomChecked = true;
            }
            var status = Utf8.ToUtf16(bytes.AsSpan(byteStart, byteEnd - byteStart), chars, out int read, out int written,
                replaceInvalidSequences: false, isFinalBlock: exhausted);
            Advance(chars.AsSpan(0, written));
            byteStart += read;
            charEnd = written;
            if (status == OperationStatus.InvalidData) throw NotUtf8();
            if (written == 0 && exhausted)
            {
                if (!sawText && rejectEmpty) throw new InputFileException(name, "the file is empty");
                return false;
            }
        }
        sawText = true;
        return true;
    }

    void ReadBlock()
    {
        int kept = byteEnd - byteStart;
        bytes.AsSpan(byteStart, kept).CopyTo(bytes);
        blockOffset += byteStart;
        byteStart = 0;
        byteEnd = kept;
        int n;
        try { n = stream.Read(bytes, byteEnd, bytes.Length - byteEnd); }
        catch (IOException e) when (e is not InputFileException) { throw new InputFileException(name, $"cannot be read ({e.Message})", inner: e); }
        catch (UnauthorizedAccessException e) { throw new InputFileException(name, "permission denied", inner: e); }
        int nul = bytes.AsSpan(byteEnd, n).IndexOf((byte)0);
        if (nul >= 0)
            throw new InputFileException(name, $"looks like a binary file (NUL byte at offset {blockOffset + byteEnd + nul}); expected UTF-8 text");
        byteEnd += n;
        if (n == 0) exhausted = true;
    }

    void Advance(ReadOnlySpan<char> decoded)
    {
        int last = decoded.LastIndexOf('\n');
        if (last < 0) { column += decoded.Length; return; }
        line += decoded.Count('\n');
        column = decoded.Length - last;
    }

    InputFileException NotUtf8()
    {
        long offset = blockOffset + byteStart;
        byte bad = bytes[byteStart];
        return new InputFileException(name,
            $"not valid UTF-8 (byte 0x{bad:X2} at offset {offset}); if it is Latin-1, convert it first with iconv -f latin1 -t utf-8",
            line, column);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) stream.Dispose();
        base.Dispose(disposing);
    }
}
