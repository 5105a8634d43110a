using BenchmarkDotNet.Attributes;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Pickle;

namespace MLSecOps.Bench.ModelScan;

/// <summary>The symbolic pickle reader over an in-memory protocol-4 pickle of 20,000 dicts (about 1 MB).</summary>
[MemoryDiagnoser]
public class PickleReaderBenchmarks
{
    private byte[] _pickle = [];

    [GlobalSetup]
    public void Setup()
    {
        using var stream = new MemoryStream();
        SyntheticPickleWriter.Write(stream, 20_000);
        _pickle = stream.ToArray();
    }

    [Benchmark]
    public int ScanPickle()
    {
        var scan = new FileScan("bench.pkl", PickleGlobalPolicy.Default, new ScanBudget(), CancellationToken.None);
        using var stream = new MemoryStream(_pickle, writable: false);
        PickleStreamScanner.ScanStreams(scan, stream, "", 0, PickleStreamLayout.Plain);
        return scan.Findings.Count;
    }
}
