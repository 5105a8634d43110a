using System.Globalization;
using MLSecOps.Gates.DataCheck.Poisoning;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Profiling;

/// <summary>Builds a <see cref="DatasetProfile"/> from explicit rows in bounded memory: per-column counters, capped label and group values.</summary>
internal sealed class ProfileBuilder
{
    /// <summary>The most distinct label values or group values kept; beyond it a column is not profiled as labels or groups.</summary>
    public const int MaxValues = 100;

    private static readonly string[] s_sensitiveNames = ["gender", "sex", "age", "age_group", "race", "ethnicity", "religion", "nationality", "disability", "marital_status"];
    private readonly IReadOnlyList<string> _names;
    private readonly int _label;
    private readonly int[] _sensitive;
    private readonly long[] _nulls;
    private readonly ValueKinds[] _kinds;
    private readonly Dictionary<string, long> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>>[] _groups;
    private readonly Dictionary<string, long>[] _groupRows;
    private readonly bool[] _tooManyGroups;
    private bool _tooManyLabels;
    private long _rows;

    /// <summary>Initializes a new instance of the <see cref="ProfileBuilder"/> class for a file with these columns.</summary>
    public ProfileBuilder(IReadOnlyList<string> names, DataCheckSettings settings)
    {
        _names = names;
        var lower = names.Select(n => n.Trim().ToLowerInvariant()).ToArray();
        _label = LabelStatistics.LabelIndex(lower, settings);
        var wanted = settings.SensitiveColumns.Count > 0 ? settings.SensitiveColumns : s_sensitiveNames;
        _sensitive = [.. Enumerable.Range(0, lower.Length).Where(i => i != _label && wanted.Contains(lower[i], StringComparer.Ordinal))];
        _nulls = new long[names.Count];
        _kinds = new ValueKinds[names.Count];
        _groups = [.. _sensitive.Select(_ => new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal))];
        _groupRows = [.. _sensitive.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal))];
        _tooManyGroups = new bool[_sensitive.Length];
    }

    [Flags]
    private enum ValueKinds
    {
        None = 0,
        Integer = 1,
        Number = 2,
        Boolean = 4,
        Text = 8,
    }

    /// <summary>Adds one explicit row.</summary>
    public void Add(DataRow row)
    {
        _rows++;
        for (var i = 0; i < _names.Count; i++)
        {
            var value = i < row.FieldCount ? row.Field(i).Trim() : [];
            if (IsNull(value))
            {
                _nulls[i]++;
            }
            else if ((_kinds[i] & ValueKinds.Text) == 0)
            {
                // A column that has held text is a string column whatever comes next: no need to parse its values.
                _kinds[i] |= KindOf(value);
            }
        }

        if (_label < 0)
        {
            return;
        }

        var label = _label < row.FieldCount ? row.Field(_label).Trim() : [];
        if (label.IsEmpty || _tooManyLabels)
        {
            return;
        }

        _tooManyLabels = !Count(_labels, label);
        for (var s = 0; s < _sensitive.Length; s++)
        {
            if (_tooManyGroups[s])
            {
                continue;
            }

            var group = GroupOf(_names[_sensitive[s]], _sensitive[s] < row.FieldCount ? row.Field(_sensitive[s]).Trim() : []);
            if (!Count(_groupRows[s], group))
            {
                _tooManyGroups[s] = true;
                continue;
            }

            if (!_groups[s].TryGetValue(group, out var counts))
            {
                _groups[s][group] = counts = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            Count(counts, label);
        }
    }

    /// <summary>Returns the profile of the rows added so far.</summary>
    public DatasetProfile Build()
    {
        var columns = _names.Select((n, i) => new ColumnProfile(n, TypeName(_kinds[i]), _nulls[i])).ToArray();
        var keepLabels = _label >= 0 && !_tooManyLabels;
        var groups = new SortedDictionary<string, IReadOnlyDictionary<string, GroupProfile>>(StringComparer.Ordinal);
        for (var s = 0; keepLabels && s < _sensitive.Length; s++)
        {
            if (!_tooManyGroups[s])
            {
                groups[_names[_sensitive[s]]] = new SortedDictionary<string, GroupProfile>(
                    _groups[s].ToDictionary(g => g.Key, g => new GroupProfile(_groupRows[s][g.Key], new SortedDictionary<string, long>(g.Value, StringComparer.Ordinal))),
                    StringComparer.Ordinal);
            }
        }

        return new DatasetProfile(
            _rows,
            columns,
            keepLabels ? _names[_label] : null,
            keepLabels ? new SortedDictionary<string, long>(_labels, StringComparer.Ordinal) : new SortedDictionary<string, long>(StringComparer.Ordinal),
            groups);
    }

    private static bool Count(Dictionary<string, long> counts, string key) => Count(counts, key.AsSpan());

    private static bool Count(Dictionary<string, long> counts, ReadOnlySpan<char> key)
    {
        // Looked up by span: a label is counted on every row, and only a new value needs a string.
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(key, out var n))
        {
            lookup[key] = n + 1;
            return true;
        }

        if (counts.Count >= MaxValues)
        {
            return false;
        }

        lookup[key] = 1;
        return true;
    }

    private static string GroupOf(string column, ReadOnlySpan<char> value)
    {
        // Ages are bucketed by decade so that a group holds enough rows to compare.
        if (column.Contains("age", StringComparison.OrdinalIgnoreCase) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var age) && age is >= 0 and < 200)
        {
            var decade = (int)(age / 10) * 10;
            return string.Create(CultureInfo.InvariantCulture, $"{decade}-{decade + 9}");
        }

        return IsNull(value) ? "(null)" : value.ToString().ToLowerInvariant();
    }

    private static bool IsNull(ReadOnlySpan<char> value) =>
        value.IsEmpty || value is "null" or "NULL" or "None" or "NA" or "N/A" or "NaN" or "nan";

    private static ValueKinds KindOf(ReadOnlySpan<char> value)
    {
        // Up to 18 ASCII digits always fit a long: the common case of an id or a class number skips the parser.
        if (value.Length <= 18 && !value.ContainsAnyExceptInRange('0', '9'))
        {
            return ValueKinds.Integer;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return ValueKinds.Integer;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return ValueKinds.Number;
        }

        return value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase) ? ValueKinds.Boolean : ValueKinds.Text;
    }

    private static string TypeName(ValueKinds kinds) => kinds switch
    {
        ValueKinds.None => "empty",
        ValueKinds.Integer => "integer",
        ValueKinds.Number or (ValueKinds.Integer | ValueKinds.Number) => "number",
        ValueKinds.Boolean => "boolean",
        _ => "string",
    };
}
