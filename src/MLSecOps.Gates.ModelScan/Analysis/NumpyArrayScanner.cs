using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using MLSecOps.Gates.ModelScan.Pickle;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Reads a <c>.npy</c> header (a Python dict literal) without evaluating it; an object dtype means a pickle follows.</summary>
internal static partial class NumpyArrayScanner
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
            scan.Incomplete(where, "the NumPy header is truncated");
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
                scan.Incomplete(where, "the NumPy header is truncated");
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
            scan.Incomplete(where, "the NumPy header is truncated");
            return;
        }

        consumed += headerLength;
        var text = (major >= 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);
        var descr = DescrPattern().Match(text);
        var shape = ShapePattern().Match(text);
        if (!descr.Success || !shape.Success)
        {
            scan.Incomplete(where, "the NumPy header has no readable descr or shape");
            return;
        }

        var structured = descr.Groups["list"].Success;
        var code = structured ? null : descr.Groups["code"].Value;
        var hasObjects = structured ? ObjectFieldPattern().IsMatch(descr.Value) : NumpyDtype.FromCode(code!)?.HasObjects == true;
        if (hasObjects)
        {
            scan.Report(NumpyObjectArray.Create(scan.Path, where, "The NumPy array has an object dtype: its data is a pickle, scanned below.", $"{logicalName}|object", descr.Value));
            PickleStreamScanner.ScanStreams(scan, stream, logicalName, 0, PickleStreamLayout.Plain);
            return;
        }

        CheckDataLength(scan, stream, logicalName, consumed, code, shape.Groups["dims"].Value);
    }

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

    [GeneratedRegex(@"['""]descr['""]\s*:\s*(?:['""](?<code>[^'""]*)['""]|(?<list>\[.*\]))", RegexOptions.Singleline)]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\((?<dims>[^)]*)\)")]
    private static partial Regex ShapePattern();

    [GeneratedRegex(@"['""][|<>=]?O\d*['""]")]
    private static partial Regex ObjectFieldPattern();
}
