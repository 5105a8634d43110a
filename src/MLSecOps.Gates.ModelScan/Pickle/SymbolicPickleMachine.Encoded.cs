using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>The symbolic pickle machine: literals that are base64 or hex encodings of a pickle or of code.</summary>
internal sealed partial class SymbolicPickleMachine
{
    private const int MaxEncodedLength = 1024 * 1024;

    // Decoded text that is code, not data: the second stage of decode-then-exec chains.
    private static readonly string[] CodeMarkers =
    [
        "os.system", "os.popen", "subprocess", "__import__", "exec(", "eval(", "compile(", "/bin/sh", "/bin/bash", "bash -c", "sh -c",
        "curl ", "wget ", "powershell", "socket.socket", "pty.spawn",
    ];

    // Plain strings are data, but these say "run me" to whatever later reads them (inert payloads, second stages).
    private static readonly string[] PlainCodeMarkers = ["os.system(", "os.popen(", "subprocess.", "__import__(", "/bin/sh", "bash -c"];

    private void CheckEncoded(ReadOnlySpan<byte> literal)
    {
        if (_probe || literal.Length < EncodedText.MinLength || literal.Length > MaxEncodedLength)
        {
            return;
        }

        if (EncodedText.Decode(literal) is not ({ } encoding, { } decoded))
        {
            CheckPlainCode(literal);
            return;
        }

        var where = PickleLocation.At(_prefix, _opStart);
        var what = $"A {encoding} string of {literal.Length} characters at offset {_opStart}";
        if (PickleSignature.IsPickle(decoded, complete: true, reachesCode: true))
        {
            if (_nesting + 1 > _scan.Budget.MaxNestedPickleDepth)
            {
                _scan.Incomplete(where, "an encoded pickle nested deeper than the budget was not scanned");
                return;
            }

            // Its own scan: nothing decodes the string on load, so what it references is reported once, at medium, not as blocking findings.
            var inner = new FileScan(_scan.Path, _scan.Policy, _scan.Budget, _scan.CancellationToken, _scan.Memory);
            using (var stream = new MemoryStream(decoded, writable: false))
            {
                PickleStreamScanner.ScanStreams(inner, stream, where + ">" + encoding, _nesting + 1, PickleStreamLayout.Plain);
            }

            var named = inner.Findings.Where(f => f.Severity >= Severity.Medium).Select(f => (f.Evidence ?? f.Rule.Id).Split(" (offset")[0]).Distinct(StringComparer.Ordinal).Take(5).ToList();
            if (named.Count > 0)
            {
                _scan.Report(EncodedPicklePayload.Create(
                    _scan.Path, where, $"{what} decodes to a pickle that references {string.Join(", ", named.Select(n => $"`{n}`"))}; unpickling the decoded string would run it.",
                    $"{_prefix}|encoded|{_opStart}", $"{encoding} at offset {_opStart}: {string.Join("; ", named)}"));
            }

            return;
        }

        var text = System.Text.Encoding.Latin1.GetString(decoded);
        if (CodeMarkers.FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal)) is { } marker)
        {
            _scan.Report(EncodedPicklePayload.Create(
                _scan.Path, where, $"{what} decodes to code containing `{marker}`: {FindingText.Cap(text, 80)}", $"{_prefix}|encoded|{_opStart}", $"{encoding} at offset {_opStart}: {marker}"));
        }
    }

    private void CheckPlainCode(ReadOnlySpan<byte> literal)
    {
        var text = System.Text.Encoding.Latin1.GetString(literal);
        if (PlainCodeMarkers.FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal)) is { } marker)
        {
            _scan.Report(EncodedPicklePayload.Create(
                _scan.Path, PickleLocation.At(_prefix, _opStart), $"A string of {literal.Length} characters at offset {_opStart} holds code containing `{marker}`: {FindingText.Cap(text, 80)}",
                $"{_prefix}|code|{_opStart}", $"text at offset {_opStart}: {marker}"));
        }
    }
}
