using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD026: a string inside a pickle is code, or its base64 or hex decodes to a pickle that references code or to code.</summary>
internal static class EncodedPicklePayload
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD026",
        "Pickle string holds or decodes to a pickle or code",
        "A string or bytes literal inside the pickle is base64 or hex, and decoded it is a pickle that references callables outside the allowlist, or Python or shell code; or the literal itself is code that runs a command (`os.system(`, `subprocess.`, `__import__(`, `/bin/sh`). Loading the file does not decode it, so nothing runs on load; but code that later decodes and unpickles or evaluates it (a second-stage loader) would run what the finding names. The decoded pickle is scanned like any other (bounded in size and depth), and what it references is in the message.",
        "Find out why the model carries an encoded payload. Ordinary checkpoints do not; remove it and re-export the model, or waive the finding for the path if it is expected.",
        Severity.Medium,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.High,
        example: "A pickled dict `{\"weights\": \"gAJjb3MKc3lzdGVtCn...\"}` whose string value is the base64 of a pickle calling `os.system`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
