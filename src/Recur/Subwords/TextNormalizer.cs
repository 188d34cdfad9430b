// sentencepiece's normalisation: each longest prefix of the UTF-8 input is replaced by its rule from the character
// map (or kept as one character), then spaces are trimmed and folded, a dummy ▁ is put in front and the remaining
// spaces are written as ▁. Only U+0020 counts as a space here; the character map is what turns tabs or
// no-break spaces into one.
using System.Buffers;
using System.Text;

namespace Recur.Subwords;

internal sealed class TextNormalizer
{
    internal const char SpaceSymbol = '\u2581';
    static readonly byte[] SpaceSymbolUtf8 = Encoding.UTF8.GetBytes(SpaceSymbol.ToString());

    readonly NormalizerSettings settings;
    readonly CharsMap? charsMap;

    public TextNormalizer(NormalizerSettings settings)
    {
        this.settings = settings;
        charsMap = settings.PrecompiledCharsMap.Length > 0 ? new CharsMap(settings.PrecompiledCharsMap) : null;
    }

    public string Normalize(string text)
    {
        if (text.Length == 0) return "";
        if (charsMap is null && IsPlain(text)) return NormalizePlain(text);
        byte[] input = Encoding.UTF8.GetBytes(text);
        var output = new Utf8Output(input.Length * 3 + 3);
        int pos = 0;
        if (settings.RemoveExtraWhitespaces)
            while (pos < input.Length)
            {
                int consumed = NextPrefix(input, pos, out var piece);
                if (!(piece.Length == 1 && piece[0] == (byte)' ')) break;
                pos += consumed;
            }
        if (pos == input.Length) return "";
        ReadOnlySpan<byte> space = settings.EscapeWhitespaces ? SpaceSymbolUtf8 : " "u8;
        if (settings.AddDummyPrefix) output.Write(space);
        bool previousIsSpace = settings.RemoveExtraWhitespaces;
        while (pos < input.Length)
        {
            int consumed = NextPrefix(input, pos, out var piece);
            while (previousIsSpace && piece.Length > 0 && piece[0] == (byte)' ') piece = piece[1..];
            if (piece.Length > 0)
            {
                foreach (byte b in piece)
                {
                    if (b == (byte)' ' && settings.EscapeWhitespaces) output.Write(SpaceSymbolUtf8);
                    else output.Write(b);
                }
                previousIsSpace = piece[^1] == (byte)' ';
            }
            pos += consumed;
            if (!settings.RemoveExtraWhitespaces) previousIsSpace = false;
        }
        if (settings.RemoveExtraWhitespaces)
            while (output.Written.EndsWith(space)) output.Length -= space.Length;
        return Encoding.UTF8.GetString(output.Written);
    }

    // A growable byte buffer written one byte at a time without per-call overhead.
    struct Utf8Output(int capacity)
    {
        byte[] bytes = new byte[capacity];
        public int Length;

        public readonly ReadOnlySpan<byte> Written => bytes.AsSpan(0, Length);

        public void Write(byte b)
        {
            if (Length == bytes.Length) Array.Resize(ref bytes, bytes.Length * 2);
            bytes[Length++] = b;
        }

        public void Write(ReadOnlySpan<byte> span)
        {
            foreach (byte b in span) Write(b);
        }
    }

    // The input's longest rule, or its next UTF-8 character as it is.
    int NextPrefix(byte[] input, int pos, out ReadOnlySpan<byte> piece)
    {
        if (charsMap is not null)
        {
            int matched = charsMap.LongestMatch(input.AsSpan(pos), out piece);
            if (matched > 0) return matched;
        }
        int length = input[pos] < 0x80 ? 1 : Rune.DecodeFromUtf8(input.AsSpan(pos), out _, out int consumed) == OperationStatus.Done ? consumed : 1;
        piece = input.AsSpan(pos, length);
        return length;
    }

    // Without a character map only U+0020 is special, so the rules act on the string directly.
    static bool IsPlain(string text) => !text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF');

    string NormalizePlain(string text)
    {
        var span = text.AsSpan();
        if (settings.RemoveExtraWhitespaces) span = span.Trim(' ');
        if (span.IsEmpty) return "";
        char space = settings.EscapeWhitespaces ? SpaceSymbol : ' ';
        var output = new StringBuilder(span.Length + 1);
        if (settings.AddDummyPrefix) output.Append(space);
        for (int i = 0; i < span.Length; i++)
        {
            if (span[i] != ' ') output.Append(span[i]);
            else if (!settings.RemoveExtraWhitespaces || span[i - 1] != ' ') output.Append(space);
        }
        // A ▁ typed in the text counts as trailing whitespace too, as it does on the byte path.
        if (settings.RemoveExtraWhitespaces)
            while (output.Length > 0 && output[^1] == space) output.Length--;
        return output.ToString();
    }
}
