using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Formats.Gguf;
using MLSecOps.Gates.ModelScan.Formats.SafeTensors;

namespace MLSecOps.Bench.ModelScanFormats;

/// <summary>Header checks of large model files: a 4 GiB safetensors file with 400 tensors, and a GGUF with a 128k-token vocabulary and 400 tensors (sparse files, so only the headers occupy disk).</summary>
[MemoryDiagnoser]
public class FormatHeaderBenchmarks
{
    private const int Tensors = 400;
    private const long TensorBytes = 10L * 1024 * 1024;
    private string _directory = "";
    private string _safetensors = "";
    private string _gguf = "";

    /// <summary>Writes the two files.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "mlsecops-bench-formats-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        _safetensors = Path.Combine(_directory, "model.safetensors");
        _gguf = Path.Combine(_directory, "model.gguf");
        WriteSafeTensors(_safetensors);
        WriteGguf(_gguf);
    }

    /// <summary>Deletes the files.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>Validates the safetensors header of the 4 GiB file.</summary>
    [Benchmark]
    public int SafeTensorsHeader()
    {
        using var stream = new FileStream(_safetensors, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        var findings = new List<Finding>();
        SafeTensorsHeaderCheck.Check("model.safetensors", stream, findings, CancellationToken.None);
        return findings.Count;
    }

    /// <summary>Parses the GGUF header, vocabulary and tensor infos.</summary>
    [Benchmark]
    public int GgufHeader()
    {
        using var stream = new BufferedStream(new FileStream(_gguf, FileMode.Open, FileAccess.Read, FileShare.Read, 1), 64 * 1024);
        return GgufHeaderReader.Read(stream).ChatTemplates.Count;
    }

    private static void WriteSafeTensors(string path)
    {
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        for (var i = 0; i < Tensors; i++)
        {
            header[$"model.layers.{i}.weight"] = new { dtype = "F32", shape = new[] { 1024, 2560 }, data_offsets = new[] { i * TensorBytes, (i + 1) * TensorBytes } };
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((ulong)json.Length));
        stream.Write(json);
        stream.SetLength(8 + json.Length + (Tensors * TensorBytes));
    }

    private static void WriteGguf(string path)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write((ulong)Tensors);
        writer.Write(3UL);
        WriteString(writer, "general.architecture");
        writer.Write(8u);
        WriteString(writer, "llama");
        WriteString(writer, "tokenizer.ggml.tokens");
        writer.Write(9u);
        writer.Write(8u);
        writer.Write(128_000UL);
        for (var i = 0; i < 128_000; i++)
        {
            WriteString(writer, $"tok{i}");
        }

        WriteString(writer, "tokenizer.chat_template");
        writer.Write(8u);
        WriteString(writer, "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}");
        for (var i = 0; i < Tensors; i++)
        {
            WriteString(writer, $"blk.{i}.weight");
            writer.Write(2u);
            writer.Write(1024UL);
            writer.Write(2560UL);
            writer.Write(0u);
            writer.Write((ulong)(i * TensorBytes));
        }

        writer.Flush();
        var dataStart = (stream.Position + 31) / 32 * 32;
        stream.SetLength(dataStart + (Tensors * TensorBytes));
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
