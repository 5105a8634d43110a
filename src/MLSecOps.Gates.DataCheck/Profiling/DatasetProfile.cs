namespace MLSecOps.Gates.DataCheck.Profiling;

/// <summary>The approved shape of one data set: rows, schema, null rates, label counts and label counts per sensitive group.</summary>
/// <param name="Rows">The number of records.</param>
/// <param name="Columns">The columns in file order.</param>
/// <param name="LabelColumn">The label column, if any.</param>
/// <param name="Labels">Records per label value.</param>
/// <param name="Groups">Per sensitive column, per group value, the group's records and records per label.</param>
internal sealed record DatasetProfile(
    long Rows,
    IReadOnlyList<ColumnProfile> Columns,
    string? LabelColumn,
    IReadOnlyDictionary<string, long> Labels,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, GroupProfile>> Groups);

/// <summary>One column of a <see cref="DatasetProfile"/>.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The inferred type: integer, number, boolean, string or empty.</param>
/// <param name="Nulls">The records where the column is empty or a null marker.</param>
internal sealed record ColumnProfile(string Name, string Type, long Nulls);

/// <summary>One sensitive group of a <see cref="DatasetProfile"/>.</summary>
/// <param name="Rows">The group's records.</param>
/// <param name="Labels">The group's records per label value.</param>
internal sealed record GroupProfile(long Rows, IReadOnlyDictionary<string, long> Labels);
