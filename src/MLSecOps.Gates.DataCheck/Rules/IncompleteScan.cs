using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT001: Data file could not be fully scanned.</summary>
internal static class IncompleteScan
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT001",
        "Data file could not be fully scanned",
        "The gate stopped before it had read the whole file: it is larger than `max-bytes`, took longer than `max-file-seconds`, is malformed, or is in a format the gate does not understand. What was not read may hold personal data, secrets or poisoned rows, so the file is reported instead of passing.",
        "Split the file, raise `max-bytes` / `max-file-seconds` for its path, or convert it to a format the gate reads (CSV, JSON Lines, Parquet, Arrow). If the file is genuinely out of scope, exclude its path with a reason.",
        Severity.Medium,
        [Threat.DataCompromise, Threat.DataPoisoning],
        ["OWASP-LLM02", "OWASP-LLM04"],
        Precision.High,
        example: "A 12 GB `data/train.csv` above `max-bytes`, or a `.parquet` file whose footer is truncated.");
}
