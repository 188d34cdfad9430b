// Reads and writes sentencepiece's ModelProto (sentencepiece_model.proto) by field number: pieces (1: piece = 1,
// score = 2, type = 3), trainer_spec (2), normalizer_spec (3: name = 1, precompiled_charsmap = 2,
// add_dummy_prefix = 3, remove_extra_whitespaces = 4, escape_whitespaces = 5). Unknown fields are skipped.
using Google.Protobuf;

namespace Recur.Subwords;

internal static class SentencePieceModelFile
{
    const int BpeModelType = 2;
    static readonly string[] ModelTypeNames = ["", "unigram", "bpe", "word", "char"];

    public static BpeModel Read(Stream stream, string name)
    {
        try
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            if (buffer.Length == 0) throw new InvalidDataException($"{name}: the model file is empty");
            return Parse(new CodedInputStream(buffer.ToArray()), name);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{name}: not a sentencepiece model (truncated or damaged protobuf)", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{name}: not a usable sentencepiece model ({e.Message})", e);
        }
    }

    static BpeModel Parse(CodedInputStream input, string name)
    {
        var pieces = new List<SubwordPiece>();
        var normalizer = new NormalizerSettings();
        int modelType = 1; // sentencepiece's default, unigram
        bool byteFallback = false, suffix = false;
        string unknownSurface = " \u2047 ";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: pieces.Add(ReadPiece(new CodedInputStream(input.ReadBytes().ToByteArray()))); break;
                case 2:
                {
                    var trainer = new CodedInputStream(input.ReadBytes().ToByteArray());
                    uint t;
                    while ((t = trainer.ReadTag()) != 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(t))
                        {
                            case 3: modelType = trainer.ReadEnum(); break;
                            case 24: suffix = trainer.ReadBool(); break;
                            case 35: byteFallback = trainer.ReadBool(); break;
                            case 44: unknownSurface = trainer.ReadString(); break;
                            default: trainer.SkipLastField(); break;
                        }
                    }
                    break;
                }
                case 3: normalizer = ReadNormalizer(new CodedInputStream(input.ReadBytes().ToByteArray())); break;
                default: input.SkipLastField(); break;
            }
        }
        if (pieces.Count == 0) throw new InvalidDataException($"{name}: not a sentencepiece model (no pieces)");
        if (modelType != BpeModelType)
        {
            string type = modelType > 0 && modelType < ModelTypeNames.Length ? ModelTypeNames[modelType] : modelType.ToString();
            throw new InvalidDataException($"{name}: a sentencepiece {type} model; only BPE models are supported");
        }
        if (suffix) throw new InvalidDataException($"{name}: treat_whitespace_as_suffix models are not supported");
        return new BpeModel(pieces, normalizer, byteFallback) { UnknownSurface = unknownSurface };
    }

    static SubwordPiece ReadPiece(CodedInputStream input)
    {
        string text = "";
        float score = 0;
        var type = PieceType.Normal;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: text = input.ReadString(); break;
                case 2: score = input.ReadFloat(); break;
                case 3: type = (PieceType)input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new SubwordPiece(text, score, type);
    }

    static NormalizerSettings ReadNormalizer(CodedInputStream input)
    {
        var settings = new NormalizerSettings { Name = "" };
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            settings = WireFormat.GetTagFieldNumber(tag) switch
            {
                1 => settings with { Name = input.ReadString() },
                2 => settings with { PrecompiledCharsMap = input.ReadBytes().ToByteArray() },
                3 => settings with { AddDummyPrefix = input.ReadBool() },
                4 => settings with { RemoveExtraWhitespaces = input.ReadBool() },
                5 => settings with { EscapeWhitespaces = input.ReadBool() },
                _ => Skip(input, settings),
            };
        }
        return settings;
    }

    static NormalizerSettings Skip(CodedInputStream input, NormalizerSettings settings)
    {
        input.SkipLastField();
        return settings;
    }

    public static void Write(BpeModel model, Stream stream)
    {
        var output = new CodedOutputStream(stream, leaveOpen: true);
        foreach (var piece in model.Pieces)
        {
            var bytes = Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited); o.WriteString(piece.Text);
                o.WriteTag(2, WireFormat.WireType.Fixed32); o.WriteFloat(piece.Score);
                // Normal is the field's default, which sentencepiece leaves out.
                if (piece.Type != PieceType.Normal) { o.WriteTag(3, WireFormat.WireType.Varint); o.WriteEnum((int)piece.Type); }
            });
            output.WriteTag(1, WireFormat.WireType.LengthDelimited); output.WriteBytes(bytes);
        }
        var trainer = Message(o =>
        {
            o.WriteTag(3, WireFormat.WireType.Varint); o.WriteEnum(BpeModelType);
            o.WriteTag(4, WireFormat.WireType.Varint); o.WriteInt32(model.VocabSize);
            o.WriteTag(35, WireFormat.WireType.Varint); o.WriteBool(model.ByteFallback);
            o.WriteTag(40, WireFormat.WireType.Varint); o.WriteInt32(model.UnknownId);
            o.WriteTag(41, WireFormat.WireType.Varint); o.WriteInt32(model.BosId);
            o.WriteTag(42, WireFormat.WireType.Varint); o.WriteInt32(model.EosId);
            o.WriteTag(43, WireFormat.WireType.Varint); o.WriteInt32(model.PadId);
            o.WriteTag(44, WireFormat.WireType.LengthDelimited); o.WriteString(model.UnknownSurface);
        });
        output.WriteTag(2, WireFormat.WireType.LengthDelimited); output.WriteBytes(trainer);
        var n = model.Normalizer;
        var normalizer = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited); o.WriteString(n.Name);
            if (n.PrecompiledCharsMap.Length > 0) { o.WriteTag(2, WireFormat.WireType.LengthDelimited); o.WriteBytes(ByteString.CopyFrom(n.PrecompiledCharsMap)); }
            o.WriteTag(3, WireFormat.WireType.Varint); o.WriteBool(n.AddDummyPrefix);
            o.WriteTag(4, WireFormat.WireType.Varint); o.WriteBool(n.RemoveExtraWhitespaces);
            o.WriteTag(5, WireFormat.WireType.Varint); o.WriteBool(n.EscapeWhitespaces);
        });
        output.WriteTag(3, WireFormat.WireType.LengthDelimited); output.WriteBytes(normalizer);
        output.Flush();
    }

    static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }
}
