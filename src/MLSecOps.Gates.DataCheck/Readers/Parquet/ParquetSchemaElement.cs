namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>One Parquet <c>SchemaElement</c>: a leaf (it has a physical type) or a group (it has children).</summary>
/// <param name="Name">The element's name.</param>
/// <param name="Type">The physical type of a leaf (null for a group).</param>
/// <param name="Repetition">REQUIRED (0), OPTIONAL (1) or REPEATED (2); null when not set.</param>
/// <param name="NumChildren">The number of children of a group; null when not set.</param>
/// <param name="ConvertedType">The legacy converted type (UTF8 is 0); null when not set.</param>
/// <param name="LogicalType">The field id of the logical-type union member that is set (STRING 1, MAP 2, LIST 3, ENUM 4...); 0 for none.</param>
internal sealed record ParquetSchemaElement(string Name, int? Type, int? Repetition, int? NumChildren, int? ConvertedType, int LogicalType)
{
    /// <summary>Repetition: required.</summary>
    public const int Required = 0;

    /// <summary>Repetition: repeated.</summary>
    public const int Repeated = 2;

    /// <summary>Gets a value indicating whether the element is LIST-annotated.</summary>
    public bool IsList => LogicalType == 3 || ConvertedType == 3;

    /// <summary>Gets a value indicating whether the element is MAP- or MAP_KEY_VALUE-annotated.</summary>
    public bool IsMap => LogicalType == 2 || ConvertedType is 1 or 2;

    /// <summary>Gets a value indicating whether the element holds text (STRING or ENUM logical type, or UTF8 converted type), as Parquet.Net decides it.</summary>
    public bool IsString => LogicalType is 1 or 4 || ConvertedType == 0;
}
