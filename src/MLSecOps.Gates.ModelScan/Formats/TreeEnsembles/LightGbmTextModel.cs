using System.Globalization;
using System.Text;

namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>
/// LightGBM's text model (<c>Booster.save_model</c>, <c>model.txt</c>): the header after <c>tree</c>, every <c>Tree=</c> block (leaf
/// count against the child arrays, child links, split features against <c>max_feature_idx</c>), the trailing importances, parameters and
/// pandas categories, read line by line with each line bounded. The loader parses numbers and names only.
/// </summary>
internal sealed class LightGbmTextModel(Stream input, DataModelReport report, CancellationToken cancellationToken)
{
    private const int MaxLineBytes = 64 << 20;
    private static readonly string[] Versions = ["v2", "v3", "v4"];

    // The numeric arrays of a tree block, not searched for code (they are most of the file).
    private static readonly HashSet<string> NumericKeys = new(StringComparer.Ordinal)
    {
        "num_leaves", "num_cat", "split_feature", "split_gain", "threshold", "decision_type", "left_child", "right_child", "leaf_value", "leaf_weight",
        "leaf_count", "internal_value", "internal_weight", "internal_count", "is_linear", "shrinkage", "cat_boundaries", "cat_threshold",
        "leaf_features", "leaf_coeff", "leaf_const", "num_features",
    };
    private int _line;

    /// <summary>Gets whether <paramref name="head"/> opens like a LightGBM text model: <c>tree</c>, then a <c>version=</c> line.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head) =>
        (head.StartsWith("tree\n"u8) || head.StartsWith("tree\r\n"u8)) && head[..Math.Min(head.Length, 64)].IndexOf("version="u8) >= 0;

    /// <summary>Reads the whole model; throws <see cref="InvalidDataException"/> where LightGBM would refuse it.</summary>
    public void Read()
    {
        if (Next() is not { } first || first.TrimEnd() != "tree")
        {
            throw new InvalidDataException("the file does not start with `tree`");
        }

        var header = Block(out var next);
        if (!header.TryGetValue("version", out var version) || !Versions.Contains(version))
        {
            throw new InvalidDataException($"line 2: `version={version}` is not a LightGBM model version (v2, v3, v4)");
        }

        var maxFeature = Integer(header, "max_feature_idx", "header");
        report.Count("max_feature_idx", "features", maxFeature + 1, DataModelReport.MaxFeatures);
        if (header.TryGetValue("objective", out var objective))
        {
            var name = objective.Split(' ', 2)[0];
            if (!BuiltInObjectives.LightGbm.Contains(name))
            {
                report.Objective("objective", name, "LightGBM builds objectives from its own list; an unknown name is refused on load.");
            }
        }

        foreach (var (key, value) in header)
        {
            report.Strings(key, value);
        }

        var trees = 0;
        while (next is not null && next.StartsWith("Tree=", StringComparison.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Tree($"Tree={next[5..]}", Block(out next), maxFeature);
            if (++trees > DataModelReport.MaxTrees)
            {
                report.Count("Tree", "trees", trees, DataModelReport.MaxTrees);
                return;
            }
        }

        if (header.TryGetValue("tree_sizes", out var sizes) && sizes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != trees)
        {
            throw new InvalidDataException($"`tree_sizes` lists {sizes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length} trees but {trees} follow");
        }

        if (next != "end of trees")
        {
            throw new InvalidDataException($"line {_line}: `{Cut(next)}` where `end of trees` belongs");
        }

        // feature_importances:, parameters: ... end of parameters, pandas_categorical: all text; names and values only.
        while (Next() is { } line)
        {
            report.Strings($"line {_line}", line);
        }
    }

    private void Tree(string at, Dictionary<string, string> tree, long maxFeature)
    {
        var leaves = Integer(tree, "num_leaves", at);
        if (leaves < 1 || report.Count($"{at}.num_leaves", "leaves", leaves, DataModelReport.MaxNodes))
        {
            if (leaves < 1)
            {
                throw new InvalidDataException($"`{at}` has {leaves} leaves");
            }

            return;
        }

        foreach (var (key, value) in tree.Where(p => !NumericKeys.Contains(p.Key)))
        {
            report.Strings($"{at}.{key}", value);
        }

        var internalNodes = (int)leaves - 1;
        var left = Integers(tree, "left_child", at, internalNodes);
        var right = Integers(tree, "right_child", at, internalNodes);
        var features = Integers(tree, "split_feature", at, internalNodes);
        if (features.FirstOrDefault(f => f < 0 || f > maxFeature, -1) is var bad && bad != -1 && internalNodes > 0)
        {
            throw new InvalidDataException($"`{at}` splits on feature {bad}, beyond max_feature_idx={maxFeature}");
        }

        if (left.Concat(right).FirstOrDefault(c => c < 0 && ~c >= leaves, 0) is var leaf && leaf != 0)
        {
            throw new InvalidDataException($"`{at}` links to leaf {~leaf} of {leaves}");
        }

        report.Tree(at, TreeLinks.Check(internalNodes, left, right, c => c < 0));
    }

    // key=value lines up to a blank line, a `Tree=` line or a line that is no pair; next is the first non-blank line after them.
    // A repeated key keeps its last value, as the loader's map does; every value is still searched for code.
    private Dictionary<string, string> Block(out string? next)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while ((next = Next()) is { Length: > 0 } line && !line.StartsWith("Tree=", StringComparison.Ordinal))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                break;
            }

            if (values.TryGetValue(line[..equals], out var earlier))
            {
                report.Strings(line[..equals], earlier);
            }

            values[line[..equals]] = line[(equals + 1)..];
        }

        while (next is { Length: 0 })
        {
            next = Next();
        }

        return values;
    }

    private static long Integer(Dictionary<string, string> values, string key, string at) =>
        values.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new InvalidDataException($"`{at}` has no integer `{key}`");

    private static long[] Integers(Dictionary<string, string> values, string key, string at, int count)
    {
        if (count == 0)
        {
            return [];
        }

        if (!values.TryGetValue(key, out var text))
        {
            throw new InvalidDataException($"`{at}` has no `{key}`");
        }

        var items = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (items.Length != count)
        {
            throw new InvalidDataException($"`{at}.{key}` has {items.Length} entries, not the {count} of num_leaves - 1");
        }

        var result = new long[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = long.TryParse(items[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new InvalidDataException($"`{at}.{key}` has `{Cut(items[i])}`");
        }

        return result;
    }

    private static string Cut(string? text) => text is null ? "the end of the file" : text.Length > 60 ? text[..60] + "…" : text;

    // One line, without its line break; null at the end. A line longer than MaxLineBytes is malformed, never buffered whole.
    private string? Next()
    {
        var bytes = new List<byte>();
        int b;
        while ((b = input.ReadByte()) >= 0 && b != '\n')
        {
            if (bytes.Count >= MaxLineBytes)
            {
                throw new InvalidDataException($"line {_line + 1} is longer than {MaxLineBytes:N0} bytes");
            }

            bytes.Add((byte)b);
        }

        if (b < 0 && bytes.Count == 0)
        {
            return null;
        }

        _line++;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        if (span.Length > 0 && span[^1] == '\r')
        {
            span = span[..^1];
        }

        return System.Text.Unicode.Utf8.IsValid(span) ? Encoding.UTF8.GetString(span) : throw new InvalidDataException($"line {_line} is not valid UTF-8");
    }
}
