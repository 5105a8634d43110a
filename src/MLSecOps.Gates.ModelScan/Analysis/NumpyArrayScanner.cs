using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using MLSecOps.Gates.ModelScan.Pickle;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Reads a <c>.npy</c> header (a Python dict literal) without evaluating it; an object dtype means a pickle follows.</summary>
internal static class NumpyArrayScanner
{
    private const int MaxHeader = 1024 * 1024;

    /// <summary>Scans the array in <paramref name="stream"/>.</summary>
    public static void Scan(FileScan scan, Stream stream, string logicalName)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        var where = ModelContentScanner.NameOrNull(logicalName);
        var preamble = new byte[10];
        if (stream.ReadAtLeast(preamble, 10, throwOnEndOfStream: false) < 10)
        {
            Truncated(scan, where);
            return;
        }

        var major = preamble[6];
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble.AsSpan(8));
        var consumed = 10;
        if (major >= 2)
        {
            var wide = new byte[4];
            preamble.AsSpan(8, 2).CopyTo(wide);
            if (stream.ReadAtLeast(wide.AsSpan(2), 2, throwOnEndOfStream: false) < 2)
            {
                Truncated(scan, where);
                return;
            }

            headerLength = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(wide), int.MaxValue);
            consumed = 12;
        }

        if (headerLength > MaxHeader)
        {
            scan.Incomplete(where, "the NumPy header is larger than 1 MiB");
            return;
        }

        var header = new byte[headerLength];
        if (stream.ReadAtLeast(header, headerLength, throwOnEndOfStream: false) < headerLength)
        {
            Truncated(scan, where);
            return;
        }

        consumed += headerLength;
        var text = (major >= 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);

        // numpy reads the header with ast.literal_eval (retrying v1/v2 headers with Python 2 longs), then descr_to_dtype.
        var parsed = PythonLiteral.Parse(text, python2Longs: false, out var ok);
        if (!ok && major <= 2)
        {
            parsed = PythonLiteral.Parse(text, python2Longs: true, out ok);
        }

        if (!ok || parsed is not Dictionary<object, object?> dict || !dict.TryGetValue("descr", out var descr) || !dict.TryGetValue("shape", out var shape))
        {
            scan.Incomplete(where, "the NumPy header has no readable descr or shape");
            return;
        }

        var hasObjects = NumpyDescr.HasObjects(descr);
        if (hasObjects == true)
        {
            scan.Report(NumpyObjectArray.Create(scan.Path, where, "The NumPy array has an object dtype: its data is a pickle, scanned below.", $"{logicalName}|object", FindingText.Cap(Describe(descr))));
            PickleStreamScanner.ScanStreams(scan, stream, logicalName, 0, PickleStreamLayout.Plain);
            return;
        }

        var code = descr as string;
        var dims = shape is PythonLiteral.Tuple { Items: var items } && items.All(i => i is BigInteger)
            ? string.Join(",", items.Cast<BigInteger>())
            : null;
        if (dims is null)
        {
            return;
        }

        CheckDataLength(scan, stream, logicalName, consumed, code, dims);
    }

    private static string Describe(object? descr) => descr switch
    {
        string text => $"descr '{text}'",
        _ => "descr with object fields",
    };

    private static void CheckDataLength(FileScan scan, Stream stream, string logicalName, long dataStart, string? code, string dims)
    {
        if (!stream.CanSeek || code is null || NumpyDtype.FromCode(code) is not { } type)
        {
            return;
        }

        BigInteger count = 1;
        foreach (var dim in dims.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!BigInteger.TryParse(dim.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var d))
            {
                return;
            }

            count *= d;
        }

        var expected = count * type.ItemSize;
        var actual = stream.Length - dataStart;
        if (actual > expected)
        {
            var offset = dataStart + (long)expected;
            scan.Report(PickleTrailingData.Create(
                scan.Path, PickleLocation.At(logicalName, offset), $"{actual - expected} bytes follow the NumPy array data at offset {offset}; they were not scanned.", $"{logicalName}|trailing", $"offset {offset}"));
        }
        else if (actual < expected)
        {
            scan.Incomplete(ModelContentScanner.NameOrNull(logicalName), "the NumPy array data is shorter than its shape says");
        }
    }

    // numpy.load raises on a short header before it reads a dtype, so no object array (and no pickle) can be reached: medium, not a block.
    private static void Truncated(FileScan scan, string? where) =>
        scan.Report(IncompleteScan.Create(scan.Path, where, "the NumPy header is truncated, so numpy cannot load the array") with { Severity = MLSecOps.Core.Rules.Severity.Medium });
}
