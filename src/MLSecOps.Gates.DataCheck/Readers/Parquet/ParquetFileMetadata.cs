namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>The parts of a Parquet footer (<c>FileMetaData</c>) data-check uses, read and checked by <see cref="ParquetFooterReader"/>.</summary>
/// <param name="Schema">The schema elements in file order, the root first.</param>
/// <param name="RowGroups">The row groups in file order.</param>
/// <param name="NumRows">The row count the footer declares.</param>
/// <param name="KeyValueCount">The number of key-value metadata entries (read for their bounds, not used).</param>
internal sealed record ParquetFileMetadata(IReadOnlyList<ParquetSchemaElement> Schema, IReadOnlyList<ParquetRowGroup> RowGroups, long NumRows, int KeyValueCount);
