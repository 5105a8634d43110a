namespace MLSecOps.Core.Policy;

/// <summary>Checks that a policy glob is one the matcher understands: relative, forward slashes, <c>*</c>, <c>**</c> and <c>?</c> only.</summary>
public static class GlobSyntax
{
    /// <summary>Returns what is wrong with <paramref name="glob"/>, or <see langword="null"/> when it is valid.</summary>
    /// <param name="glob">The glob.</param>
    /// <returns>The problem, phrased as what to do.</returns>
    public static string? Problem(string glob)
    {
        ArgumentNullException.ThrowIfNull(glob);
        if (string.IsNullOrWhiteSpace(glob))
        {
            return "empty glob; remove it or write a pattern such as 'models/**'";
        }

        if (glob.StartsWith('/') || (glob.Length > 1 && glob[1] == ':'))
        {
            return $"glob '{glob}' is absolute; write it relative to the scanned folder, such as '{glob.TrimStart('/')}'";
        }

        if (glob.Contains('\\', StringComparison.Ordinal))
        {
            return $"glob '{glob}' uses backslashes; use forward slashes";
        }

        if (glob.Split('/').Any(segment => segment == ".."))
        {
            return $"glob '{glob}' leaves the scanned folder with '..'; scan a higher folder instead";
        }

        if (glob.IndexOfAny(['{', '}', '[', ']']) >= 0)
        {
            return $"glob '{glob}' uses braces or brackets, which are not supported; list each pattern separately";
        }

        if (glob.Split('/').Any(segment => segment.Contains("**", StringComparison.Ordinal) && segment != "**"))
        {
            return $"glob '{glob}' puts '**' inside a name; '**' must be a whole path segment, such as 'models/**/*.pt'";
        }

        return null;
    }
}
