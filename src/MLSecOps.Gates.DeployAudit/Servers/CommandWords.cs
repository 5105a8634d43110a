namespace MLSecOps.Gates.DeployAudit.Servers;

/// <summary>Splits a shell-like command string into words; quotes group words and are dropped, except an empty pair which stays <c>''</c>.</summary>
internal static class CommandWords
{
    /// <summary>Returns the words of <paramref name="text"/>.</summary>
    public static IEnumerable<string> Split(string text)
    {
        var word = new System.Text.StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in text)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                    if (word.Length == 0 || word[^1] == '=')
                    {
                        word.Append("''");
                    }
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c) || c is ';' or '|' or '&')
            {
                if (inWord)
                {
                    yield return word.ToString();
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            yield return word.ToString();
        }
    }
}
