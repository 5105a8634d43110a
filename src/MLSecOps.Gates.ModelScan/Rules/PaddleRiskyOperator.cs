using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD165: Paddle program calls Python or touches host files.</summary>
internal static class PaddleRiskyOperator
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD165",
        "Paddle program calls Python or touches host files",
        "A PaddlePaddle program (`.pdmodel`) has a `py_func` op, which calls a Python function of the running process when the program runs, or a `save`/`save_combine`/`load`/`load_combine` op, which writes or reads the file named by its `file_path` attribute. Inference programs saved by `paddle.jit.save` or `save_inference_model` contain neither.",
        "Do not run the program. Re-export it with `paddle.jit.save` from reviewed code; a model from elsewhere has no reason to call Python or touch files.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010", "CWE-94"],
        Precision.High,
        example: "An `inference.pdmodel` whose block 0 has an op of type `save_combine` with `file_path: /etc/cron.d/x`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence) =>
        Finding.Create(Descriptor, new Location(path, 1, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
