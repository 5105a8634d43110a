using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD168: a tree-ensemble or tensor file declares sizes that exhaust memory on load, or trees that never finish.</summary>
internal static class TreeModelResourceExhaustion
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD168",
        "Model declares sizes or tree links that exhaust the loader (model DoS)",
        "An XGBoost, LightGBM, CatBoost or MXNet file declares a count that its loader allocates before reading (nodes of a tree, trees, features, tensor elements) but that the bytes of the file cannot hold, or a tree whose child links form a loop or share a node, so prediction never ends or walks a node many times. A small file can so make the loading or serving process allocate gigabytes or hang. Counts beyond what any trained model reaches (more than 1,000,000 trees, 100,000,000 nodes or features) are reported at medium.",
        "Do not load the file. Re-export the model from its training run; a genuine model this large should be pinned in the model lock file and `MOD168` waived for it.",
        Severity.High,
        [Threat.ModelDenialOfService],
        ["OWASP-LLM04", "AML.T0029", "CWE-400", "CWE-789"],
        Precision.High,
        example: "A 1 KB XGBoost `model.bst` whose first tree declares 2,147,483,647 nodes, or a `model.json` tree whose `left_children` point back to the root.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
