using System.Globalization;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Checks a footer <see cref="ParquetFooterReader"/> has read against its file and itself: the schema tree its num_children
/// describe, row counts, chunk counts, sizes and offsets; a lie is <see cref="InvalidDataException"/> naming it.
/// </summary>
internal static class ParquetFooterBounds
{
    /// <summary>Checks the schema tree and every row group and chunk against the file (<paramref name="footerStart"/> is where the footer begins).</summary>
    public static void Check(ParquetFileMetadata metadata, long footerStart)
    {
        var schema = metadata.Schema;
        if (schema.Count == 0)
        {
            throw new InvalidDataException("the footer has no schema");
        }

        var next = 1;
        CheckChildren(schema, 0, ref next, 1);
        if (next != schema.Count)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the schema's num_children describe {next:N0} elements but it holds {schema.Count:N0}"));
        }

        if (metadata.NumRows < 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the footer declares {metadata.NumRows:N0} rows"));
        }

        var leaves = schema.Count(e => e.Type is not null);
        for (var g = 0; g < metadata.RowGroups.Count; g++)
        {
            var group = metadata.RowGroups[g];
            if (group.NumRows < 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"row group {g} declares {group.NumRows} rows"));
            }

            if (group.Columns.Count > leaves)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"row group {g} declares {group.Columns.Count:N0} column chunks for {leaves:N0} leaf columns"));
            }

            long mostValues = 0;
            foreach (var column in group.Columns)
            {
                if (column is null)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"row group {g} has a column chunk without its metadata (encrypted or in another file), which is not read"));
                }

                CheckChunk(column, footerStart);
                mostValues = Math.Max(mostValues, column.NumValues);
            }

            // Every record has a slot (a value, a null or an empty list) in every column: more rows than any column holds is a lie
            // that would otherwise walk billions of empty rows.
            if (group.NumRows > mostValues)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"row group {g} declares {group.NumRows:N0} rows but its columns hold at most {mostValues:N0} values"));
            }
        }
    }

    private static void CheckChildren(IReadOnlyList<ParquetSchemaElement> schema, int parent, ref int next, int depth)
    {
        var element = schema[parent];
        var children = element.NumChildren ?? 0;
        if (depth > ParquetFooterReader.MaxSchemaDepth)
        {
            throw new InvalidDataException($"schema element `{element.Name}` nests more than {ParquetFooterReader.MaxSchemaDepth} groups deep");
        }

        for (var i = 0; i < children; i++)
        {
            if (next >= schema.Count)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"schema element `{element.Name}` declares {children:N0} children but the schema ends after {i:N0}"));
            }

            var child = next++;
            var childElement = schema[child];
            if (childElement.Type is not null && childElement.NumChildren is not (null or 0))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"schema element `{childElement.Name}` has a physical type and {childElement.NumChildren:N0} children"));
            }

            if (childElement.Type is null && childElement.NumChildren is not > 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"schema element `{childElement.Name}` is a group with {childElement.NumChildren ?? 0:N0} children"));
            }

            if (childElement.Type is null)
            {
                CheckChildren(schema, child, ref next, depth + 1);
            }
        }
    }

    private static void CheckChunk(ParquetColumnMetadata column, long footerStart)
    {
        var name = string.Join('/', column.Path);
        if (column.Type is < 0 or > 7)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"column `{name}` has physical type {column.Type}"));
        }

        if (column.NumValues < 0 || column.TotalCompressedSize < 0 || column.TotalUncompressedSize < 0 || column.TotalCompressedSize > footerStart)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"column `{name}` declares {column.NumValues:N0} values in {column.TotalCompressedSize:N0} bytes ({column.TotalUncompressedSize:N0} uncompressed) in a file whose pages end at byte {footerStart:N0}"));
        }

        CheckOffset(name, "data page", column.DataPageOffset, footerStart);
        CheckOffset(name, "dictionary page", column.DictionaryPageOffset, footerStart);
        CheckOffset(name, "index page", column.IndexPageOffset, footerStart);
    }

    private static void CheckOffset(string name, string what, long? offset, long footerStart)
    {
        if (offset is < 0 || offset > footerStart)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"column `{name}` puts its {what} at byte {offset:N0}, outside the {footerStart:N0} bytes before the footer"));
        }
    }
}
