using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD023: data after the last pickle stream.</summary>
internal static class PickleTrailingData
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD023",
        "Data after the last pickle stream",
        "Bytes follow the last pickle stream that are neither another pickle nor a layout the scanner knows (legacy PyTorch storages, joblib arrays, NumPy data). Loaders that read several pickles in a row, or polyglot files, can hide a payload there.",
        "Re-create the file with the original library; do not append data to model files.",
        Severity.High,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010"],
        Precision.High,
        example: "A `model.pkl` with a zip archive or shell script appended after the pickle's `STOP` opcode.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
