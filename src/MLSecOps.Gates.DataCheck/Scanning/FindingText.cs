namespace MLSecOps.Gates.DataCheck.Scanning;

/// <summary>Caps text taken from a scanned file (column names, member names) before it reaches a finding, with control characters replaced.</summary>
internal static class FindingText
{
    /// <summary>The most characters kept in evidence or a logical path.</summary>
    public const int MaxLength = 200;

    /// <summary>Returns <paramref name="text"/> cut to <paramref name="maxLength"/> characters, with control and invisible format characters replaced.</summary>
    public static string Cap(string text, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = text.Length <= maxLength ? text : text[..maxLength] + "…";
        return string.Create(cut.Length, cut, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Surrogate ? '?' : c;
            }
        });
    }
}
