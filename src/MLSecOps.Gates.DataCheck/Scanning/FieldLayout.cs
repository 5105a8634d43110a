namespace MLSecOps.Gates.DataCheck.Scanning;

/// <summary>How the fields of a row are found in its text.</summary>
internal enum FieldLayout
{
    /// <summary>The whole row is one field (plain text, Markdown, HTML).</summary>
    Single,

    /// <summary>Field offsets are known (CSV, Parquet, Arrow).</summary>
    Explicit,

    /// <summary>The row is JSON; a value belongs to the nearest preceding <c>"key":</c>.</summary>
    JsonKeys,
}
