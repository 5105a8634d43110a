using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT022: Connection string with a password in a data set.</summary>
internal static class DatabaseUrlPassword
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT022",
        "Connection string with a password in a data set",
        "A value holds a database or broker URL with an inline password (`postgres://user:pass@host`, `mongodb+srv://...`, `redis://:pass@...`) or an Azure storage connection string with an account key.",
        "Rotate the password, remove the connection string from the data, and keep credentials in a secret store.",
        Severity.High,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "CWE-798"],
        Precision.High,
        example: "A record holding `postgres://etl:S3cr3tPw@db.internal:5432/prod`.");


    private static readonly string[] s_schemes =
    [
        "postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss", "amqp", "amqps", "mssql", "sqlserver",
        "oracle", "jdbc:postgresql", "jdbc:mysql", "ftp", "sftp", "smtp", "http", "https", "clickhouse", "snowflake",
    ];

    private static readonly string[] s_placeholders = ["password", "pass", "passwd", "secret", "changeme", "xxx", "***", "<", "${", "{{", "%s", "$"];

    /// <summary>Matches <c>scheme://user:password@host</c> around the <c>://</c> at <paramref name="at"/>, with a real-looking password.</summary>
    public static bool TryMatchUrl(ReadOnlySpan<char> text, int at, out int start, out int end, out string masked, out string entity)
    {
        start = at;
        while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '+' or ':'))
        {
            start--;
        }

        var scheme = text[start..at].ToString().ToLowerInvariant();
        end = at + 3;
        masked = "";
        entity = "";
        if (!s_schemes.Contains(scheme))
        {
            return false;
        }

        var authorityEnd = end;
        while (authorityEnd < text.Length && !char.IsWhiteSpace(text[authorityEnd]) && text[authorityEnd] is not ('/' or '"' or '\'' or '\u001F' or '?' or '#'))
        {
            authorityEnd++;
        }

        var authority = text[end..authorityEnd];
        var atSign = authority.LastIndexOf('@');
        var colon = atSign < 0 ? -1 : authority[..atSign].IndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        var password = authority[(colon + 1)..atSign];
        if (password.Length < 3 || IsPlaceholder(password))
        {
            return false;
        }

        entity = scheme is "http" or "https" or "ftp" or "sftp" or "smtp" ? "URL with embedded password" : "database URL with password";
        masked = $"{scheme}://****:****@{authority[(atSign + 1)..]}";
        end = authorityEnd;
        return true;
    }

    /// <summary>Matches an Azure storage <c>AccountKey=</c> with a base64 key of at least 40 characters.</summary>
    public static bool TryMatchAccountKey(ReadOnlySpan<char> text, out int length)
    {
        var k = "AccountKey=".Length;
        while (k < text.Length && (char.IsAsciiLetterOrDigit(text[k]) || text[k] is '+' or '/' or '='))
        {
            k++;
        }

        length = k;
        return k - "AccountKey=".Length >= 40;
    }

    private static bool IsPlaceholder(ReadOnlySpan<char> password)
    {
        foreach (var placeholder in s_placeholders)
        {
            if (password.StartsWith(placeholder, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
