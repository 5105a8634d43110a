namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>One page as <see cref="ParquetPageLoader"/> hands it over: decompressed values at <c>Data[Start..End)</c> and the levels of a data page.</summary>
/// <param name="IsDictionary">Whether it is the chunk's dictionary page.</param>
/// <param name="NumValues">The page's slots (values and nulls), or the dictionary's entries.</param>
/// <param name="Encoding">The encoding of its values.</param>
/// <param name="Data">The buffer that holds its values (the loader's, valid until its next page).</param>
/// <param name="Start">Where its values start.</param>
/// <param name="End">Where its values end.</param>
/// <param name="Repetitions">The repetition levels of a data page.</param>
/// <param name="Definitions">The definition levels of a data page.</param>
internal readonly record struct ParquetPage(bool IsDictionary, int NumValues, int Encoding, byte[] Data, int Start, int End, RleHybridDecoder Repetitions, RleHybridDecoder Definitions);
