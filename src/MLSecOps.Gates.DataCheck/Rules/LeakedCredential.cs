using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT020: API key or token in a data set.</summary>
internal static class LeakedCredential
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT020",
        "API key or token in a data set",
        "A value matches a provider's credential format (AWS, GitHub, GitLab, Hugging Face, OpenAI, Anthropic, Slack, Stripe, Google, Azure storage, JWT). Code corpora and chat logs leak live keys, and a model trained on them repeats them. Keys documented as examples (`AKIAIOSFODNN7EXAMPLE` and the like) are reported at info.",
        "Revoke the key at its provider now, then remove it from the data set and its history. Scrub credentials from corpora before training.",
        Severity.Critical,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "CWE-798"],
        Precision.High,
        example: "A chat-log field holding `ghp_` followed by 36 letters and digits (a GitHub token), or `hf_` and 34 characters (a Hugging Face token).");


    private static readonly string[] s_documentedExamples = ["AKIAIOSFODNN7EXAMPLE", "EXAMPLE", "xxxxxxxx", "XXXXXXXX", "1234567890abcdef", "abcdefghij"];

    /// <summary>Matches a provider credential at the start of <paramref name="text"/>; returns its kind and length.</summary>
    public static bool TryMatch(ReadOnlySpan<char> text, out string kind, out int length)
    {
        (kind, length) = text switch
        {
            _ when StartsAny(text, "AKIA", "ASIA", "ABIA", "ACCA") => ("AWS access key id", Exact(text, 4, 16, IsBase32Upper)),
            _ when StartsAny(text, "ghp_", "gho_", "ghu_", "ghs_", "ghr_") => ("GitHub token", Exact(text, 4, 36, char.IsAsciiLetterOrDigit)),
            _ when text.StartsWith("github_pat_", StringComparison.Ordinal) => ("GitHub fine-grained token", AtLeast(text, 11, 60, 120, IsWordChar)),
            _ when text.StartsWith("glpat-", StringComparison.Ordinal) => ("GitLab personal access token", AtLeast(text, 6, 20, 60, IsTokenChar)),
            _ when text.StartsWith("hf_", StringComparison.Ordinal) => ("Hugging Face token", AtLeast(text, 3, 30, 40, char.IsAsciiLetterOrDigit)),
            _ when text.StartsWith("sk-ant-", StringComparison.Ordinal) => ("Anthropic API key", AtLeast(text, 7, 80, 200, IsTokenChar)),
            _ when StartsAny(text, "sk-proj-", "sk-svcacct-", "sk-admin-") => ("OpenAI API key", AtLeast(text, text[3..].IndexOf('-') + 4, 40, 250, IsTokenChar)),
            _ when text.StartsWith("sk-", StringComparison.Ordinal) => ("OpenAI API key", AtLeast(text, 3, 40, 60, char.IsAsciiLetterOrDigit)),
            _ when StartsAny(text, "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-") => ("Slack token", AtLeast(text, 5, 20, 200, IsTokenChar)),
            _ when StartsAny(text, "sk_live_", "rk_live_") => ("Stripe live key", AtLeast(text, 8, 20, 120, char.IsAsciiLetterOrDigit)),
            _ when text.StartsWith("sk_test_", StringComparison.Ordinal) => ("Stripe key (test mode)", AtLeast(text, 8, 20, 120, char.IsAsciiLetterOrDigit)),
            _ when text.StartsWith("AIza", StringComparison.Ordinal) => ("Google API key", Exact(text, 4, 35, IsTokenChar)),
            _ when text.StartsWith("eyJ", StringComparison.Ordinal) => ("JSON Web Token", Jwt(text)),
            _ => ("", 0),
        };
        return length > 0;
    }

    /// <summary>Returns whether a token is one of the providers' documented example keys or an obvious placeholder.</summary>
    public static bool IsDocumentedExample(ReadOnlySpan<char> token)
    {
        foreach (var example in s_documentedExamples)
        {
            if (token.Contains(example, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Masks a secret to its first four characters (<c>AKIA****</c>).</summary>
    public static string Mask(ReadOnlySpan<char> token) => token.Length <= 8 ? "****" : $"{token[..4]}****";

    private static bool StartsAny(ReadOnlySpan<char> text, params ReadOnlySpan<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int Exact(ReadOnlySpan<char> text, int prefix, int count, Func<char, bool> allowed)
    {
        var run = Run(text, prefix, allowed);
        return run == count ? prefix + count : 0;
    }

    private static int AtLeast(ReadOnlySpan<char> text, int prefix, int min, int max, Func<char, bool> allowed)
    {
        var run = Run(text, prefix, allowed);
        return run >= min && run <= max ? prefix + run : 0;
    }

    private static int Run(ReadOnlySpan<char> text, int from, Func<char, bool> allowed)
    {
        var k = from;
        while (k < text.Length && allowed(text[k]))
        {
            k++;
        }

        return k < text.Length && char.IsAsciiLetterOrDigit(text[k]) ? -1 : k - from;
    }

    private static int Jwt(ReadOnlySpan<char> text)
    {
        var end = 0;
        var dots = 0;
        var segment = 0;
        var shortest = int.MaxValue;
        while (end < text.Length && (IsBase64Url(text[end]) || text[end] == '.'))
        {
            if (text[end] == '.')
            {
                dots++;
                shortest = Math.Min(shortest, segment);
                segment = 0;
            }
            else
            {
                segment++;
            }

            end++;
        }

        shortest = Math.Min(shortest, segment);
        return dots == 2 && shortest >= 10 && text[3..].StartsWith("hbGci", StringComparison.Ordinal) ? end : 0;
    }

    private static bool IsBase32Upper(char c) => char.IsAsciiLetterUpper(c) || c is >= '2' and <= '7';

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
