namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>One Parquet <c>RowGroup</c>: its row count and its column chunks' metadata.</summary>
/// <param name="Columns">The chunks' metadata in file order (null where a chunk has none).</param>
/// <param name="NumRows">The row count the group declares.</param>
internal sealed record ParquetRowGroup(IReadOnlyList<ParquetColumnMetadata?> Columns, long NumRows);
