namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>A text leaf column of the schema, found by <see cref="ParquetStringFields"/>.</summary>
/// <param name="Parts">Its path in the schema (empty names left out), which its column chunks' <c>path_in_schema</c> matches.</param>
/// <param name="MaxRepetition">The maximum repetition level (0 for a flat column).</param>
/// <param name="MaxDefinition">The maximum definition level.</param>
internal sealed record ParquetStringField(IReadOnlyList<string> Parts, int MaxRepetition, int MaxDefinition)
{
    /// <summary>Gets the path as the column is named in findings.</summary>
    public string Name { get; } = string.Join('/', Parts);
}
