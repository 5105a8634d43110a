using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.SourceReferences.Rules;

/// <summary>MOD159: a Python file or notebook could not be fully read for model references.</summary>
internal static class SourceNotChecked
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD159",
        "Python source or notebook not fully checked for model references",
        "The file could not be tokenised as Python 3 (a syntax error, Python 2 code, IPython syntax the reader does not strip), the notebook's JSON is malformed, or it exceeds the size or token budget. References to models in the part that was not read are unknown, so the file is reported instead of passing. A file Python itself cannot tokenise cannot run either, so that case is low; a file too large to read may run, so that case is medium.",
        "Fix the syntax error at the reported line (or port Python 2 code), repair the notebook (`jupyter nbconvert --to notebook` rewrites it), or split the file. Exclude generated or vendored files from the gate's paths if they are out of scope.",
        Severity.Low,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06"],
        Precision.High,
        example: "A `train.py` with an unterminated string `print(\"done)`, a notebook whose JSON ends mid-cell, or a 20 MB generated `.py` file.");

    /// <summary>Creates the finding.</summary>
    public static Finding Create(string path, string reason, Severity severity, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line), $"Model references not fully checked: {reason.TrimEnd('.')}.", $"not-checked:{reason}") with { Severity = severity };
}
