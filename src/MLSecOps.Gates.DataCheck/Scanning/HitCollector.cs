using System.Globalization;
using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Scanning;

/// <summary>Aggregates detector hits per rule, entity and field of one data file, and turns them into findings with count, share of rows and first position.</summary>
/// <param name="path">The repository-relative path of the file.</param>
/// <param name="member">The archive member the rows come from, if any.</param>
internal sealed class HitCollector(string path, string? member)
{
    private const int MaxGroups = 500;
    private const string OtherFields = "(other fields)";
    private readonly Dictionary<(string Rule, string Entity, string Field, Severity Severity), Group> _groups = [];
    private readonly List<Finding> _findings = [];

    /// <summary>Gets the repository-relative path.</summary>
    public string Path => path;

    /// <summary>Gets the archive member, if any.</summary>
    public string? Member => member;

    /// <summary>Records one hit at <paramref name="offset"/> of <paramref name="row"/>.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="severity">The severity of this kind of hit.</param>
    /// <param name="entity">What was found, such as <c>Visa card number</c>.</param>
    /// <param name="row">The row.</param>
    /// <param name="offset">The offset of the hit in the row text.</param>
    /// <param name="masked">The masked value; never the clear value.</param>
    public void Report(RuleDescriptor rule, Severity severity, string entity, DataRow row, int offset, string masked)
    {
        var field = row.FieldNameAt(offset);
        var key = (rule.Id, entity, field, severity);
        if (!_groups.TryGetValue(key, out var group))
        {
            if (_groups.Count >= MaxGroups)
            {
                key = (rule.Id, entity, OtherFields, severity);
                if (_groups.TryGetValue(key, out group))
                {
                    group.Add(row.Index);
                    return;
                }

                field = OtherFields;
            }

            var (line, column) = row.IsText ? row.Position(offset) : (1, 0);
            group = new Group(rule, severity, entity, field, line, column, row.Index, masked);
            _groups[key] = group;
        }

        group.Add(row.Index);
    }

    /// <summary>Adds a finding that is not an aggregated hit (integrity, poisoning, incomplete scan).</summary>
    public void Add(Finding finding) => _findings.Add(finding);

    /// <summary>Returns the findings: aggregated hits in first-seen order, then the others.</summary>
    /// <param name="rows">How many rows were read, for the share.</param>
    public IEnumerable<Finding> Findings(long rows)
    {
        foreach (var group in _groups.Values.OrderBy(g => g.FirstRow).ThenBy(g => g.Rule.Id, StringComparer.Ordinal))
        {
            yield return group.ToFinding(path, member, rows);
        }

        foreach (var finding in _findings)
        {
            yield return finding;
        }
    }

    private sealed class Group(RuleDescriptor rule, Severity severity, string entity, string field, int line, int column, long firstRow, string masked)
    {
        private long _lastRow = -1;

        public RuleDescriptor Rule => rule;

        public long FirstRow => firstRow;

        public long Count { get; private set; }

        public long Rows { get; private set; }

        public void Add(long row)
        {
            Count++;
            if (row != _lastRow)
            {
                Rows++;
                _lastRow = row;
            }
        }

        public Finding ToFinding(string path, string? member, long totalRows)
        {
            var logical = member is null ? field : $"{member} > {field}";
            var location = column > 0
                ? new Location(path, line, column, LogicalPath: FindingText.Cap(logical))
                : Location.File(path, FindingText.Cap($"{logical} (row {firstRow + 1})"));
            var share = totalRows > 0 ? (double)Rows / totalRows : 0;
            var where = column > 0 ? $"line {line}, column {column}" : $"row {firstRow + 1}";
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"{Count} {entity} value{(Count == 1 ? "" : "s")} in `{FindingText.Cap(field, 80)}` ({Rows} of {totalRows} rows, {share:P1}); first at {where}: {masked}.");
            return Finding.Create(rule, location, message, $"{entity}|{logical}", masked) with { Severity = severity };
        }
    }
}
