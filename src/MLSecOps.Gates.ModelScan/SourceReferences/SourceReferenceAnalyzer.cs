using System.Globalization;
using System.Text;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.SourceReferences.Rules;

namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>
/// Python sources and Jupyter notebooks: the models they reference (unpinned Hub downloads, remote code, unrestricted
/// <c>torch.load</c>, unpickled downloads), read with a real tokenizer and reported at the exact line and column.
/// </summary>
internal sealed class SourceReferenceAnalyzer : IModelFileAnalyzer
{
    /// <summary>The largest Python file read, in bytes.</summary>
    public const long MaxSourceBytes = 4 * 1024 * 1024;

    /// <summary>The largest notebook read, in bytes (outputs such as images make notebooks larger than code).</summary>
    public const long MaxNotebookBytes = 32 * 1024 * 1024;

    private static readonly ISourceReferenceRule[] SourceRules =
    [
        new UnpinnedHubDownload(),
        new RemoteCodeTrusted(),
        new UnrestrictedTorchLoad(),
        new DownloadedPickleLoad(),
    ];

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [.. SourceRules.Select(r => r.Descriptor), SourceNotChecked.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return IsPython(probe.FileName) || IsNotebook(probe.FileName);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        var notebook = IsNotebook(probe.FileName);
        var cap = notebook ? MaxNotebookBytes : MaxSourceBytes;
        if (probe.File.Length > cap)
        {
            return [SourceNotChecked.Create(path, $"the file is larger than {(cap / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MiB", Severity.Medium)];
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(probe.File.FullPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [SourceNotChecked.Create(path, $"the file could not be read ({ex.GetType().Name})", Severity.Medium)];
        }

        if (bytes.Length > cap)
        {
            return [SourceNotChecked.Create(path, "the file grew past the size budget while being read", Severity.Medium)];
        }

        IReadOnlyList<SourceUnit> units;
        if (notebook)
        {
            var (cells, error) = NotebookReader.Read(bytes);
            if (error is not null)
            {
                return [SourceNotChecked.Create(path, error, Severity.Low)];
            }

            units = cells;
        }
        else
        {
            units = [SourceUnit.WholeFile(Decode(bytes))];
        }

        return Analyze(path, units, cancellationToken);
    }

    /// <summary>Tokenises and reads <paramref name="units"/> of the file at <paramref name="path"/> and returns the findings.</summary>
    internal static IReadOnlyList<Finding> Analyze(string path, IReadOnlyList<SourceUnit> units, CancellationToken cancellationToken)
    {
        var tokenised = new List<(SourceUnit Unit, PythonCode Tokens)>();
        var problems = new List<(string Text, int Line)>();
        var aborted = false;
        var budget = PythonTokenizer.DefaultMaxTokens;
        foreach (var unit in units)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = PythonTokenizer.Tokenize(unit.Code, Math.Max(1, budget));
            budget -= result.Tokens.Count;
            aborted |= result.Aborted;
            foreach (var error in result.Errors)
            {
                var (line, _) = unit.Position(error.Line, error.Column);
                var where = $"line {error.Line.ToString(CultureInfo.InvariantCulture)}, column {error.Column.ToString(CultureInfo.InvariantCulture)}";
                problems.Add(($"{(unit.Label is null ? "" : unit.Label + ", ")}{where}: {error.Message}", unit.Label is null ? error.Line : line));
            }

            tokenised.Add((unit, new PythonCode(result.Tokens)));
            if (result.Aborted)
            {
                break;
            }
        }

        var hits = new List<(SourceUnit Unit, SourceHit Hit)>();
        PythonSourceReader.Read(
            tokenised,
            call => Collect(hits, call.Scope, SourceRules.SelectMany(r => r.Evaluate(call))),
            entry => Collect(hits, entry.Scope, SourceRules.SelectMany(r => r.Evaluate(entry))),
            cancellationToken);

        var findings = new List<Finding>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (unit, hit) in hits)
        {
            var (line, column) = unit.Position(hit.At.Line, hit.At.Column);
            var (endLine, endColumn) = unit.Position(hit.At.Line, hit.At.Column + hit.At.Text.Length);
            var occurrence = seen[hit.Key] = seen.GetValueOrDefault(hit.Key) + 1;
            var where = unit.Label is null ? "" : $" ({unit.Label}, line {hit.At.Line.ToString(CultureInfo.InvariantCulture)})";
            var location = new Location(path, line, column, endLine, endLine == line ? endColumn : null, unit.Label);
            var finding = Finding.Create(
                hit.Rule,
                location,
                FindingText.Cap(hit.Message + where, FindingText.MaxMessageLength)!,
                $"{hit.Key}#{occurrence.ToString(CultureInfo.InvariantCulture)}",
                FindingText.Cap(hit.Evidence));
            findings.Add(hit.Severity is { } severity ? finding with { Severity = severity } : finding);
        }

        if (problems.Count > 0 || aborted)
        {
            var first = problems.Count > 0 ? problems[0] : (Text: "the token budget ran out", Line: 1);
            var more = problems.Count > 1 ? $" (and {(problems.Count - 1).ToString(CultureInfo.InvariantCulture)} more)" : "";
            findings.Add(SourceNotChecked.Create(path, FindingText.Cap($"it does not tokenise as Python 3 at {first.Text}{more}", 400)!, aborted ? Severity.Medium : Severity.Low, first.Line));
        }

        return findings;
    }

    private static void Collect(List<(SourceUnit Unit, SourceHit Hit)> hits, PythonScope scope, IEnumerable<SourceHit> found)
    {
        foreach (var hit in found)
        {
            hits.Add((scope.Unit!, hit));
        }
    }

    // PEP 3120: source is UTF-8 unless a coding cookie says otherwise; other encodings only change string contents, never the tokens the rules read.
    private static string Decode(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    private static bool IsPython(string fileName) => fileName.EndsWith(".py", StringComparison.Ordinal) || fileName.EndsWith(".pyw", StringComparison.Ordinal);

    private static bool IsNotebook(string fileName) => fileName.EndsWith(".ipynb", StringComparison.Ordinal);
}
