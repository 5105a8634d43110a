using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT010: E-mail addresses in a data set.</summary>
internal static class EmailAddress
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT010",
        "E-mail addresses in a data set",
        "A column or field holds e-mail addresses (validated shape and top-level domain; placeholder domains such as example.com, test and invalid stay quiet). Training on them lets a model memorise and regurgitate them.",
        "Remove or pseudonymise the addresses before the data set is committed or used for training (hash with a secret salt, or replace with synthetic addresses at `example.org`).",
        Severity.Medium,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "GDPR-Art5"],
        Precision.High,
        example: "A `users.csv` column `contact` holding `alice.meyer@gmail.com`.");


    private static readonly string[] s_placeholderDomains = ["example.com", "example.org", "example.net", "test.com", "domain.com", "email.com", "localhost"];
    private static readonly string[] s_placeholderTlds = ["example", "test", "invalid", "localhost", "local", "png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "py", "md"];

    /// <summary>Finds the address around the <c>@</c> at <paramref name="at"/>; returns false for shapes and placeholders that are not real addresses.</summary>
    public static bool TryMatch(ReadOnlySpan<char> text, int at, out int start, out int end)
    {
        start = at;
        while (start > 0 && IsLocalChar(text[start - 1]) && at - start < 64)
        {
            start--;
        }

        end = at + 1;
        while (end < text.Length && IsDomainChar(text[end]) && end - at < 255)
        {
            end++;
        }

        while (end > at + 1 && text[end - 1] is '.' or '-')
        {
            end--;
        }

        if (start == at || end == at + 1 || text[start] == '.' || text[at - 1] == '.' || IsUrlCredential(text, start))
        {
            return false;
        }

        var domain = text[(at + 1)..end];
        var dot = domain.LastIndexOf('.');
        if (dot <= 0 || domain.Length - dot - 1 < 2 || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        var tld = domain[(dot + 1)..];
        foreach (var c in tld)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return !IsPlaceholder(domain, tld);
    }

    /// <summary>Masks an address: first character of the local part, then the domain (<c>j***@example.org</c>).</summary>
    public static string Mask(ReadOnlySpan<char> address)
    {
        var at = address.IndexOf('@');
        return at <= 0 ? "***" : $"{address[0]}***@{address[(at + 1)..]}";
    }

    private static bool IsPlaceholder(ReadOnlySpan<char> domain, ReadOnlySpan<char> tld)
    {
        foreach (var placeholder in s_placeholderTlds)
        {
            if (tld.Equals(placeholder, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var placeholder in s_placeholderDomains)
        {
            if (domain.Equals(placeholder, StringComparison.OrdinalIgnoreCase)
                || (domain.EndsWith(placeholder, StringComparison.OrdinalIgnoreCase) && domain[^(placeholder.Length + 1)] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUrlCredential(ReadOnlySpan<char> text, int start)
    {
        // `scheme://user:password@host` is a credential (DAT022), not an address.
        var before = text[Math.Max(0, start - 256)..start];
        var space = before.LastIndexOfAny(" \t\n\u001F\"',");
        return before[(space + 1)..].Contains("://", StringComparison.Ordinal);
    }

    private static bool IsLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsDomainChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-';
}
