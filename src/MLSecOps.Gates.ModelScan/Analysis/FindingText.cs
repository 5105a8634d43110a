namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Caps text taken from a scanned file (layer, node, tensor and key names) before it reaches a finding, so a crafted name cannot flood reports.</summary>
internal static class FindingText
{
    /// <summary>The most characters kept in evidence or a logical path.</summary>
    public const int MaxLength = 300;

    /// <summary>The most characters kept in a message, which quotes names and explains them.</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>Returns <paramref name="text"/> cut to <paramref name="maxLength"/> characters, with control characters replaced.</summary>
    public static string? Cap(string? text, int maxLength = MaxLength)
    {
        if (text is null)
        {
            return null;
        }

        var cut = text.Length <= maxLength ? text : text[..maxLength] + "…";
        return string.Create(cut.Length, cut, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
    }
}
