using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT021: Private key in a data set.</summary>
internal static class PrivateKeyBlock
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT021",
        "Private key in a data set",
        "A value holds a PEM or OpenSSH private key block (`-----BEGIN ... PRIVATE KEY-----`).",
        "Treat the key as compromised: rotate it, then remove it from the data and history.",
        Severity.Critical,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "CWE-321"],
        Precision.High,
        example: "A code-corpus record containing `-----BEGIN OPENSSH PRIVATE KEY-----`, a base64 body and `-----END OPENSSH PRIVATE KEY-----`.");


    /// <summary>Matches a private key block at the start of <paramref name="text"/>: its BEGIN line, a body and its END line.</summary>
    public static bool TryMatch(ReadOnlySpan<char> text, out int length, out string label)
    {
        length = 0;
        label = "";
        const string Begin = "-----BEGIN ";
        var close = text[Begin.Length..].IndexOf("-----", StringComparison.Ordinal);
        if (close is < 0 or > 40)
        {
            return false;
        }

        var name = text.Slice(Begin.Length, close);
        if (!name.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
        {
            return false;
        }

        var bodyStart = Begin.Length + close + 5;
        var end = text[bodyStart..].IndexOf("-----END", StringComparison.Ordinal);
        var body = end < 0 ? text[bodyStart..] : text.Slice(bodyStart, end);
        // Line-based formats hand the BEGIN line over alone; the marker of a private key is evidence enough there.
        if (end >= 0 && body.Length < 64)
        {
            return false;
        }

        label = name.ToString();
        length = end < 0 ? bodyStart : bodyStart + end + 8;
        return true;
    }
}
