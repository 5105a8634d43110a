namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>Where one string column chunk lies in the file and how to read it, checked against the file by <see cref="ParquetRowReader"/>.</summary>
/// <param name="Name">The column path, for messages.</param>
/// <param name="Start">The offset of its first page.</param>
/// <param name="Size">Its size in the file.</param>
/// <param name="Values">The number of slots (values and nulls).</param>
/// <param name="Codec">The Parquet compression codec.</param>
/// <param name="MaxDefinition">The maximum definition level.</param>
/// <param name="MaxRepetition">The maximum repetition level.</param>
internal sealed record ParquetColumnChunk(string Name, long Start, long Size, long Values, int Codec, int MaxDefinition, int MaxRepetition);
