namespace MLSecOps.Core.Rules;

/// <summary>Masks secrets and personal data before they reach a finding: keeps a short prefix for recognition only.</summary>
public static class SecretMasker
{
    /// <summary>Masks a secret value: at most the first four characters survive, the rest become asterisks (at most 8).</summary>
    /// <param name="value">The secret.</param>
    /// <returns>For example <c>AKIA********</c>; short values are fully masked.</returns>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= 8)
        {
            return new string('*', Math.Max(value.Length, 3));
        }

        var keep = Math.Min(4, value.Length / 4);
        return value[..keep] + new string('*', 8);
    }

    /// <summary>Returns <paramref name="text"/> with every occurrence of <paramref name="secret"/> masked.</summary>
    /// <param name="text">The text that contains the secret.</param>
    /// <param name="secret">The secret.</param>
    /// <returns>The masked text.</returns>
    public static string MaskIn(string text, string secret)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.IsNullOrEmpty(secret) ? text : text.Replace(secret, Mask(secret), StringComparison.Ordinal);
    }
}
