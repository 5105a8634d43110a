using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD162: a pickle that names globals hides behind a few bytes that are not a pickle.</summary>
internal static class PrefixedPickle
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD162",
        "Pickle with globals behind a non-pickle prefix",
        "A text member of an archive starts with a few bytes that are not a pickle (a `#` comment, a word, a line), followed by a pickle stream that imports globals such as `os.system`. CPython's `pickle.load` refuses the first byte, so loading the member as it is runs nothing; but the payload is one `f.seek(1)` or `data[1:]` away, and a scanner that gives up at the first byte would call it clean.",
        "Remove the member. A model archive has no reason to carry a pickle disguised as text.",
        Severity.Medium,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.High,
        example: "A ZIP member `payload.txt` holding `#cos\\nsystem\\n(S\"echo pwned\"\\ntR.`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
