using System.Buffers.Binary;
using System.Text;
using Recur.Serialization;

namespace Recur.Tests.Serialization;

public sealed class SafetensorsTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("recur-safetensors-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "safetensors", name);

    [Fact]
    public void ReadsTorchFileOfEveryFloatDtypeAsTorchConvertsIt()
    {
        var file = Safetensors.Load(Fixture("torch_mixed.safetensors"));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal("make_safetensors_fixture.py", file.Metadata["generator"]);
        string[] sources = ["f32.matrix", "f32.transposed", "f16.vector", "bf16.cube", "f64.wide", "f32.scalar", "f16.empty"];
        Assert.Equal(sources.Length * 2, file.Tensors.Count);
        foreach (var name in sources)
        {
            var actual = file.Tensors[name];
            var expected = file.Tensors[name + ".expected"];
            Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
            Assert.Equal(expected.ToArray(), actual.ToArray());
        }
        Assert.Equal(2.5f, file.Tensors["f32.scalar"].Item());
        Assert.Equal([0, 4], file.Tensors["f16.empty"].Shape.ToArray());
        Assert.Equal([2, 3, 2], file.Tensors["bf16.cube"].Shape.ToArray());
        // File order is buffer order, which the generator wrote in insertion order.
        Assert.Equal(["f32.matrix", "f32.matrix.expected", "f32.transposed"], file.Tensors.Keys.Take(3));
    }

    [Fact]
    public void SaveThenLoadRoundTripsValuesOrderAndMetadata()
    {
        var g = new Generator(7);
        var matrix = Tensor.Randn(g, 3, 4);
        var tensors = new Dictionary<string, Tensor>
        {
            ["z.last.alphabetically"] = Tensor.Randn(g, 5),
            ["transposed"] = Transposed2x3(),
            ["matrix"] = matrix,
            ["scalar"] = Tensor.Scalar(-3.25f),
            ["empty"] = Tensor.Zeros(0, 3),
        };
        string path = Path.Combine(directory, "model.safetensors");
        Safetensors.Save(path, tensors, new Dictionary<string, string> { ["epoch"] = "3", ["note"] = "ünïcode \"quoted\"" });

        var file = Safetensors.Load(path);
        Assert.Equal(tensors.Keys, file.Tensors.Keys);
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], file.Tensors["transposed"].ToArray());
        Assert.Equal([3, 2], file.Tensors["transposed"].Shape.ToArray());
        Assert.Equal(matrix.ToArray(), file.Tensors["matrix"].ToArray());
        Assert.Equal(tensors["z.last.alphabetically"].ToArray(), file.Tensors["z.last.alphabetically"].ToArray());
        Assert.Equal(0, file.Tensors["scalar"].Rank);
        Assert.Equal(-3.25f, file.Tensors["scalar"].Item());
        Assert.Equal([0, 3], file.Tensors["empty"].Shape.ToArray());
        Assert.Equal("3", file.Metadata["epoch"]);
        Assert.Equal("ünïcode \"quoted\"", file.Metadata["note"]);
    }

    [Fact]
    public void HeaderIsJsonPaddedWithSpacesToAMultipleOfEight()
    {
        string path = Path.Combine(directory, "padded.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(3) });
        var bytes = File.ReadAllBytes(path);
        long n = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        Assert.Equal(8 + n + 12, bytes.Length);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}", header);
        Assert.True(header.TrimEnd(' ').EndsWith('}'));
        Assert.Equal(1f, BitConverter.ToSingle(bytes, 8 + (int)n + 8));
    }

    [Fact]
    public void StreamOverloadsRoundTripThroughANonSeekableStream()
    {
        var memory = new MemoryStream();
        var w = Tensor.Randn(new Generator(3), 2, 2);
        Safetensors.Save(memory, new Dictionary<string, Tensor> { ["w"] = w });
        var file = Safetensors.Load(new ForwardOnlyStream(memory.ToArray()));
        Assert.Equal(w.ToArray(), file.Tensors["w"].ToArray());
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void NonSeekableStreamWithTrailingBytesIsRejected()
    {
        var bytes = Build("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 8);
        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(new ForwardOnlyStream(bytes), "piped"));
        Assert.Contains("piped", error.Message);
        Assert.Contains("bytes follow", error.Message);
    }

    [Fact]
    public void NonSeekableStreamEndingInsideATensorIsRejected()
    {
        var bytes = Build("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 8);
        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(new ForwardOnlyStream(bytes), "piped"));
        Assert.Contains("ends inside tensor 'w'", error.Message);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8, null)]
    [InlineData("""{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"__metadata__":{"a":"b"}}""", 4, null)]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""", 8, "not valid JSON")]
    [InlineData("""[1, 2]""", 0, "not a JSON object")]
    [InlineData("""{"w":{"shape":[2],"data_offsets":[0,8]}}""", 8, "'w' has no string 'dtype'")]
    [InlineData("""{"w":{"dtype":"F32","data_offsets":[0,8]}}""", 8, "'w' has no array 'shape'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2]}}""", 8, "'w' has no 'data_offsets'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}}""", 8, "'w' has no 'data_offsets'")]
    [InlineData("""{"w":{"dtype":"F31","shape":[2],"data_offsets":[0,8]}}""", 8, "unknown dtype 'F31'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8, "invalid dimension -2")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[-1,7]}}""", 8, "invalid data offset -1")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", 8, "begin after end")]
    [InlineData("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "spans 8 bytes but shape (3,) of F32 needs 12")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16, "bytes 0..8 of the data buffer belong to no tensor")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "overlaps")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", 16, "bytes 8..12")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 12, "describes 8 bytes of tensor data but the file holds 12")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 8, "describes 16 bytes of tensor data but the file holds 8")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "'w' appears twice")]
    [InlineData("""{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", 8, "'w' has dtype I64")]
    [InlineData("""{"m":{"dtype":"BOOL","shape":[3],"data_offsets":[0,3]}}""", 3, "'m' has dtype BOOL")]
    [InlineData("""{"__metadata__":{"epoch":3}}""", 0, "metadata value 'epoch' is Number")]
    public void MalformedHeadersAreRejectedNamingTheFileAndTheProblem(string json, int bufferLength, string? problem)
    {
        string path = Path.Combine(directory, "case.safetensors");
        File.WriteAllBytes(path, Build(json, bufferLength));
        if (problem is null)
        {
            Assert.Single(Safetensors.Load(path).Tensors);
            return;
        }
        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void FileShorterThanTheLengthPrefixIsRejected()
    {
        string path = Path.Combine(directory, "short.safetensors");
        File.WriteAllBytes(path, [1, 0, 0]);
        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("3 bytes, fewer than the 8", error.Message);
    }

    [Fact]
    public void HeaderLengthBeyondTheFileIsRejected()
    {
        string path = Path.Combine(directory, "long-header.safetensors");
        var bytes = Build("{}", 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1UL << 40);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains($"header length {1UL << 40} runs past the end of the file", error.Message);
    }

    [Fact]
    public void ReservedMetadataNameCannotNameATensor()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Safetensors.Save(new MemoryStream(), new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Ones(1) }));
        Assert.Contains("reserved", error.Message);
    }

    /// <summary>The transpose of [[1, 2, 3], [4, 5, 6]] as a strided view, not a copy.</summary>
    static Tensor Transposed2x3()
    {
        var view = new Tensor([1f, 2, 3, 4, 5, 6], 0, [3, 2], [1, 3]);
        Assert.False(view.IsContiguous);
        return view;
    }

    /// <summary>A file image: length prefix, the JSON header as given, and a zero-filled buffer.</summary>
    static byte[] Build(string json, int bufferLength)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + bufferLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>A read-only stream that cannot seek or report its length, like a pipe.</summary>
    sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        readonly MemoryStream inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 5));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
