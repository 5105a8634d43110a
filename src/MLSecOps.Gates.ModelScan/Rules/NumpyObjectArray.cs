using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD022: numPy array holds Python objects.</summary>
internal static class NumpyObjectArray
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD022",
        "NumPy array holds Python objects",
        "A `.npy` array (alone or inside `.npz` or joblib) has an object dtype, so its data is a pickle and `numpy.load(allow_pickle=True)` runs it. The embedded pickle is scanned too.",
        "Store numeric arrays only; convert object arrays to plain dtypes before saving.",
        Severity.Medium,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "CWE-502"],
        Precision.High,
        example: "An `embeddings.npy` whose header says `'descr': '|O'` (object dtype), so its data is a pickle.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
