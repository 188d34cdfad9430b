// A byte-pair-encoding vocabulary in sentencepiece's form: pieces with scores (a higher score merges first), special
// pieces, the normaliser settings, and optional byte fallback. Loads and saves sentencepiece .model files.
using System.Text;

namespace Recur.Subwords;

public sealed partial class BpeModel
{
    readonly SubwordPiece[] pieces;
    // sentencepiece's two tables: pieces that merging may produce (normal, user-defined, unused), and the reserved ones.
    readonly Dictionary<string, int> mergeable = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> reserved = new(StringComparer.Ordinal);
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> mergeableLookup;
    readonly string[] userDefined;
    readonly int[] byteIds = new int[256];
    readonly TextNormalizer normalizer;

    /// <param name="pieces">The vocabulary in id order; exactly one piece must be <see cref="PieceType.Unknown"/>.</param>
    /// <param name="byteFallback">Write characters outside the vocabulary as their UTF-8 bytes (<c>&lt;0x..&gt;</c> pieces, all 256 required).</param>
    public BpeModel(IEnumerable<SubwordPiece> pieces, NormalizerSettings? normalizer = null, bool byteFallback = false)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        this.pieces = [.. pieces];
        Normalizer = normalizer ?? new NormalizerSettings();
        ByteFallback = byteFallback;
        UnknownId = BosId = EosId = PadId = -1;
        Array.Fill(byteIds, -1);
        var users = new List<string>();
        for (int id = 0; id < this.pieces.Length; id++)
        {
            var (text, _, type) = this.pieces[id];
            if (string.IsNullOrEmpty(text)) throw new ArgumentException($"Piece {id} is empty.", nameof(pieces));
            if (!Enum.IsDefined(type)) throw new ArgumentException($"Piece {id} ('{text}') has unknown type {(int)type}.", nameof(pieces));
            var table = type is PieceType.Normal or PieceType.UserDefined or PieceType.Unused ? mergeable : reserved;
            if (mergeable.ContainsKey(text) || reserved.ContainsKey(text)) throw new ArgumentException($"Piece {id} ('{text}') appears twice.", nameof(pieces));
            table[text] = id;
            switch (type)
            {
                case PieceType.Unknown when UnknownId >= 0: throw new ArgumentException($"Pieces {UnknownId} and {id} are both unknown pieces.", nameof(pieces));
                case PieceType.Unknown: UnknownId = id; break;
                case PieceType.UserDefined: users.Add(text); break;
                case PieceType.Byte:
                    if (!TryParseBytePiece(text, out byte b)) throw new ArgumentException($"Byte piece {id} ('{text}') is not of the form <0xXX>.", nameof(pieces));
                    byteIds[b] = id;
                    break;
                case PieceType.Control when text == "<s>": BosId = id; break;
                case PieceType.Control when text == "</s>": EosId = id; break;
                case PieceType.Control when text == "<pad>": PadId = id; break;
            }
        }
        if (UnknownId < 0) throw new ArgumentException("The vocabulary has no unknown piece.", nameof(pieces));
        if (byteFallback && Array.IndexOf(byteIds, -1) is int missing and >= 0)
            throw new ArgumentException($"Byte fallback needs all 256 byte pieces; <0x{missing:X2}> is missing.", nameof(pieces));
        userDefined = [.. users.OrderByDescending(u => u.Length)];
        mergeableLookup = mergeable.GetAlternateLookup<ReadOnlySpan<char>>();
        wordsAreIndependent = NoPieceSpansWords(mergeable.Keys);
        this.normalizer = new TextNormalizer(Normalizer);
    }

    public IReadOnlyList<SubwordPiece> Pieces => pieces;
    public int VocabSize => pieces.Length;
    public NormalizerSettings Normalizer { get; }
    public bool ByteFallback { get; }
    public int UnknownId { get; }
    /// <summary>Id of <c>&lt;s&gt;</c>, or −1 when the vocabulary has none.</summary>
    public int BosId { get; }
    /// <summary>Id of <c>&lt;/s&gt;</c>, or −1.</summary>
    public int EosId { get; }
    /// <summary>Id of <c>&lt;pad&gt;</c>, or −1.</summary>
    public int PadId { get; }

    /// <summary>What decoding writes for the unknown piece (sentencepiece's <c>unk_surface</c>).</summary>
    public string UnknownSurface { get; init; } = " \u2047 ";

    /// <summary>The id of <paramref name="piece"/>, or <see cref="UnknownId"/> when it is not in the vocabulary.</summary>
    public int PieceToId(string piece) =>
        reserved.TryGetValue(piece, out int id) || mergeable.TryGetValue(piece, out id) ? id : UnknownId;

    public string IdToPiece(int id) => pieces[id].Text;

    /// <summary>The text as the model sees it before segmentation (normalised, spaces written as ▁).</summary>
    public string Normalize(string text) => normalizer.Normalize(text);

    /// <summary>Text from piece strings: ▁ becomes a space, the dummy prefix is dropped, byte pieces are reassembled into UTF-8.</summary>
    public string Decode(IEnumerable<string> pieceTexts) => Decode(pieceTexts.Select(PieceToIdKeepingText));

    /// <summary>Text from ids; control pieces decode to nothing, the unknown piece to <see cref="UnknownSurface"/>.</summary>
    public string Decode(IEnumerable<int> ids) => Decode(ids.Select(id => (id, (string?)null)));

    (int, string?) PieceToIdKeepingText(string piece)
    {
        int id = PieceToId(piece);
        // An unknown piece printed by Encode carries its original text, which decodes as itself.
        return (id, id == UnknownId && piece != pieces[UnknownId].Text ? piece : null);
    }

    string Decode(IEnumerable<(int Id, string? Surface)> items)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        bool first = true;
        void FlushBytes()
        {
            if (bytes.Count == 0) return;
            Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
        }
        void Append(string surface)
        {
            if (first && Normalizer.AddDummyPrefix && surface.StartsWith(TextNormalizer.SpaceSymbol)) surface = surface[1..];
            first = false;
            text.Append(surface.Replace(TextNormalizer.SpaceSymbol, ' '));
        }
        foreach (var (id, surface) in items)
        {
            if ((uint)id >= (uint)pieces.Length) throw new ArgumentOutOfRangeException(nameof(items), id, $"Ids run from 0 to {pieces.Length - 1}.");
            var piece = pieces[id];
            if (piece.Type == PieceType.Byte && TryParseBytePiece(piece.Text, out byte b)) { bytes.Add(b); continue; }
            FlushBytes();
            switch (piece.Type)
            {
                case PieceType.Control: break;
                case PieceType.Unknown:
                    if (surface is not null) Append(surface);
                    else { text.Append(UnknownSurface); first = false; }
                    break;
                default: Append(piece.Text); break;
            }
        }
        FlushBytes();
        return text.ToString();
    }

    internal static string BytePiece(byte b) => $"<0x{b:X2}>";

    static bool TryParseBytePiece(string text, out byte value)
    {
        value = 0;
        return text.Length == 6 && text.StartsWith("<0x", StringComparison.Ordinal) && text[5] == '>'
            && byte.TryParse(text.AsSpan(3, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out value);
    }

    /// <summary>Saves a sentencepiece <c>.model</c> file (written atomically).</summary>
    public void Save(string path) => Recur.IO.AtomicFile.Write(path, stream => SentencePieceModelFile.Write(this, stream));

    public void Save(Stream stream) => SentencePieceModelFile.Write(this, stream);

    /// <summary>Loads a sentencepiece <c>.model</c> file of the BPE type; a damaged file raises <see cref="InvalidDataException"/> naming it.</summary>
    public static BpeModel Load(string path)
    {
        using var stream = IO.InputFile.Open(path);   // missing, directory, unreadable: an InputFileException naming the file
        return SentencePieceModelFile.Read(stream, path);
    }

    public static BpeModel Load(Stream stream, string name = "model") => SentencePieceModelFile.Read(stream, name);
}
