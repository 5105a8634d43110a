using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT023: High-entropy value beside a secret-ish name.</summary>
internal static class HighEntropySecret
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT023",
        "High-entropy value beside a secret-ish name",
        "A value of 16 or more characters with high Shannon entropy sits in a column named for a secret, or right after `password=`, `secret:`, `api_key=`, `token=` and the like.",
        "Check whether the value is a live credential; if so rotate and remove it.",
        Severity.Medium,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "CWE-798"],
        Precision.Medium,
        example: "A record holding `api_key=Zx8qL2vR9mT4nW7pK3sY6bH1` (16+ random characters after a secret-ish name).");


    private static readonly string[] s_secretNames = ["password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "api-key", "access_key", "private_key", "credential"];

    /// <summary>Returns whether a column or key name says it holds a secret.</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var secretName in s_secretNames)
        {
            if (name.Contains(secretName, StringComparison.OrdinalIgnoreCase))
            {
                return !name.Contains("tokens", StringComparison.OrdinalIgnoreCase) && !name.Contains("tokenizer", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    /// <summary>Matches <c>name = value</c> / <c>"name": "value"</c> at a secret-ish name at <paramref name="p"/> whose value is high-entropy.</summary>
    public static bool TryMatchAssignment(ReadOnlySpan<char> text, int p, out int valueStart, out int valueLength)
    {
        valueStart = 0;
        valueLength = 0;
        var k = p;
        while (k < text.Length && (char.IsAsciiLetterOrDigit(text[k]) || text[k] is '_' or '-'))
        {
            k++;
        }

        var separators = 0;
        var sawAssignment = false;
        while (k < text.Length && text[k] is ' ' or '"' or '\'' or '=' or ':' && separators < 6)
        {
            sawAssignment |= text[k] is '=' or ':';
            k++;
            separators++;
        }

        if (!sawAssignment)
        {
            return false;
        }

        var start = k;
        while (k < text.Length && k - start <= 128 && !char.IsWhiteSpace(text[k]) && text[k] is not ('"' or '\'' or ',' or ';' or '\u001F' or '}' or ')'))
        {
            k++;
        }

        if (!IsHighEntropy(text[start..k]))
        {
            return false;
        }

        valueStart = start;
        valueLength = k - start;
        return true;
    }

    /// <summary>Returns whether a value is long, mixes letters and digits, and has Shannon entropy of at least 3.5 bits per character.</summary>
    public static bool IsHighEntropy(ReadOnlySpan<char> value)
    {
        if (value.Length is < 16 or > 256 || value.ContainsAny(' ', '\t') || value.Contains("://", StringComparison.Ordinal) || value[0] == '/' || value.IndexOfAnyInRange('0', '9') < 0 || !ContainsLetter(value)
            || LeakedCredential.IsDocumentedExample(value))
        {
            return false;
        }

        Span<int> counts = stackalloc int[128];
        foreach (var c in value)
        {
            if (c >= 128)
            {
                return false;
            }

            counts[c]++;
        }

        var entropy = 0.0;
        foreach (var n in counts)
        {
            if (n > 0)
            {
                var share = (double)n / value.Length;
                entropy -= share * Math.Log2(share);
            }
        }

        return entropy >= 3.5;
    }

    private static bool ContainsLetter(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (char.IsAsciiLetter(c))
            {
                return true;
            }
        }

        return false;
    }
}
