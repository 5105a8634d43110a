using System.IO.Compression;
using System.Text;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.Keras;
using MLSecOps.Gates.ModelScan.Formats.Onnx;
using MLSecOps.Gates.ModelScan.Formats.SafeTensors;
using MLSecOps.Gates.ModelScan.Formats.TensorFlow;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

/// <summary>
/// The file's deadline runs out while an analyzer is part-way through a file (deterministically: the moment it reads a chosen
/// byte range): what it found before stays reported, next to MOD001 saying the scan stopped.
/// </summary>
public sealed class PartialFindingsTests
{
    [Test]
    public void Onnx_DeadlineWhileReadingANodesDomain_KeepsTheOpsetDomainAndThePythonOperator()
    {
        // Given python-op/model.onnx, whose node 'py' names op_type PyOp (ending at byte 0x38) before its domain
        var (probe, bytes) = Fixture("onnx/python-op/model.onnx");
        using var deadline = new CancellationTokenSource();
        using var content = new DeadlineStream(bytes, 0x38, bytes.Length, deadline);

        // When the deadline runs out as the analyzer reads the domain
        var findings = OnnxAnalyzer.Analyze(probe, content, new ModelScanSettings(), deadline.Token);

        // Then the custom domain and the Python operator read before are kept, and MOD001 says the scan stopped
        Assert.That(Ids(findings), Is.EqualTo(new[] { "MOD062", "MOD063", "MOD001" }));
        Assert.That(findings[^1].Message, Does.Contain("took longer than"));
    }

    [Test]
    public void TensorFlow_DeadlineAtTheSecondNode_KeepsTheFirstNodesFinding()
    {
        // Given a frozen GraphDef: node 'a' runs PyFunc, node 'b' runs WriteFile
        var first = Node("a", "PyFunc");
        var graph = first.Concat(Node("b", "WriteFile")).ToArray();
        var probe = Probe("graph/model.pb", graph);
        using var deadline = new CancellationTokenSource();
        using var content = new DeadlineStream(graph, first.Length, graph.Length, deadline);

        // When the deadline runs out as the analyzer reaches node 'b'
        var findings = TensorFlowGraphAnalyzer.Analyze(probe, content, new ModelScanSettings(), deadline.Token);

        // Then node 'a' is still reported, 'b' is not claimed, and MOD001 says the scan stopped
        Assert.That(findings.Select(f => $"{f.Rule.Id}@{f.Location.LogicalPath}"), Is.EqualTo(new[] { "MOD055@a", "MOD001@" }));
    }

    [Test]
    public void SafeTensors_DeadlineBeforeTheDataSection_KeepsTheMetadataFinding()
    {
        // Given metadata-code-and-pickle.safetensors: template syntax in the metadata, a pickle after the tensors
        var (probe, bytes) = Fixture("safetensors/metadata-code-and-pickle.safetensors");
        var dataStart = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        using var deadline = new CancellationTokenSource();
        using var content = new DeadlineStream(bytes, dataStart, bytes.Length, deadline);

        // When the deadline runs out as the analyzer looks past the last tensor
        var findings = SafeTensorsAnalyzer.Analyze(probe, content, new ModelScanSettings(), deadline.Token);

        // Then the metadata finding is kept and MOD001 says the scan stopped (the pickle was not reached)
        Assert.That(Ids(findings).Distinct(), Is.EqualTo(new[] { "MOD069", "MOD001" }));
    }

    [Test]
    public async Task Keras_DeadlineWhileReadingTheSecondConfig_KeepsTheFirstConfigsFindings()
    {
        // Given a .keras archive with two config.json members (Python's zipfile opens the last), the first with a Lambda layer
        var config = ConfigOf(Path.Combine(FormatScan.Root, "keras/lambda.keras"));
        // Weights between and after the configs keep the reader's look-ahead and directory reads away from the second config.
        var archive = Zip(("config.json", config), ("a.weights.h5", new byte[64 * 1024]), ("config.json", config), ("b.weights.h5", new byte[64 * 1024]));
        var second = IndexOf(archive, "config.json"u8, from: IndexOf(archive, "a.weights.h5"u8, from: 0)) - 30;
        var probe = Probe("model.keras", archive);
        using var deadline = new CancellationTokenSource();
        using var content = new DeadlineStream(archive, second, second + 30, deadline);

        // When the deadline runs out as the analyzer reads the second config's local header
        var findings = await KerasArchiveAnalyzer.AnalyzeAsync(probe, content, new ModelScanSettings(), deadline.Token);

        // Then the first config's Lambda finding is kept and MOD001 says the scan stopped
        Assert.That(Ids(findings), Does.Contain("MOD050"));
        Assert.That(findings.Where(f => f.Rule.Id == "MOD001").Select(f => f.Message), Has.One.Contains("took longer than"));
    }

    private static string[] Ids(IEnumerable<Finding> findings) => [.. findings.Select(f => f.Rule.Id)];

    private static (ModelFileProbe Probe, byte[] Bytes) Fixture(string relative)
    {
        var full = Path.Combine(FormatScan.Root, relative);
        return (ModelFileProbe.Read(new ScanFile(full, relative, new FileInfo(full).Length)), File.ReadAllBytes(full));
    }

    private static ModelFileProbe Probe(string relative, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return ModelFileProbe.Of(new ScanFile(Path.Combine(Path.GetTempPath(), relative), relative, bytes.Length), stream, inModelFolder: false);
    }

    // NodeDef: name = 1, op = 2, as GraphDef field 1.
    private static byte[] Node(string name, string op)
    {
        var body = Field(1, Encoding.UTF8.GetBytes(name)).Concat(Field(2, Encoding.UTF8.GetBytes(op))).ToArray();
        return Field(1, body);
    }

    private static byte[] Field(int number, byte[] value) => [(byte)((number << 3) | 2), (byte)value.Length, .. value];

    private static byte[] ConfigOf(string keras)
    {
        using var zip = ZipFile.OpenRead(keras);
        using var stream = zip.GetEntry("config.json")!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> pattern, int from) => from + data.AsSpan(from).IndexOf(pattern);

    /// <summary>A file whose deadline runs out the moment a read starts in [<c>from</c>, <c>to</c>): reads before it stop at <c>from</c>.</summary>
    private sealed class DeadlineStream(byte[] data, long from, long to, CancellationTokenSource deadline) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= from && Position < to)
            {
                deadline.Cancel();
                deadline.Token.ThrowIfCancellationRequested();
            }

            var limit = Position < from ? (int)Math.Min(count, from - Position) : count;
            return base.Read(buffer, offset, limit);
        }

        // MemoryStream sends span reads of a derived type to the array overload above.
        public override int Read(Span<byte> buffer)
        {
            var array = new byte[buffer.Length];
            var read = Read(array, 0, array.Length);
            array.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
    }
}
