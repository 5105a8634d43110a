using System.Buffers.Binary;
using System.Text;

namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>
/// XGBoost's legacy binary model (<c>save_raw("deprecated")</c>, <c>.bst</c>/<c>.model</c> before 2.0), read as <c>LearnerImpl::LoadModel</c>
/// reads it: optional <c>binf</c>, the 136-byte learner parameters, objective and booster names, the gbtree/dart/gblinear model
/// (every tree's parameters, nodes and statistics), then attributes and metric names, to the end of the file. Every declared count
/// is checked against the bytes left before anything is read; node values are never read except the child links.
/// </summary>
internal sealed class XGBoostBinaryModel(Stream input, DataModelReport report, CancellationToken cancellationToken)
{
    private const int LearnerParamBytes = 136, GbTreeParamBytes = 160, GbLinearParamBytes = 136, TreeParamBytes = 148, NodeBytes = 20, StatBytes = 16;
    private const int MaxNameBytes = 4096;
    private const int MaxStringBytes = 16 << 20;

    /// <summary>Gets whether <paramref name="head"/> opens with the <c>binf</c> magic of XGBoost 1.x binary models.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> head) => head.StartsWith("binf"u8);

    /// <summary>Gets whether <paramref name="head"/> is laid out like a headless (pre-1.0) binary model: an objective name at offset 136.</summary>
    public static bool LooksHeadless(ReadOnlySpan<byte> head)
    {
        if (head.Length < LearnerParamBytes + 8 + 6)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt64LittleEndian(head[LearnerParamBytes..]);
        var name = head[(LearnerParamBytes + 8)..];
        return length is > 4 and < 64 && (ulong)name.Length >= length
            && BuiltInObjectives.XGBoost.Contains(Encoding.ASCII.GetString(name[..(int)length]));
    }

    /// <summary>Reads the whole model; returns false when it stopped at a declared size the file cannot hold (already reported).</summary>
    public bool Read()
    {
        Span<byte> magic = stackalloc byte[4];
        input.ReadExactly(magic);
        if (!HasMagic(magic))
        {
            input.Position = 0;
        }

        var learner = Bytes(LearnerParamBytes);
        var features = BinaryPrimitives.ReadUInt32LittleEndian(learner.AsSpan(4));
        var extraAttributes = BinaryPrimitives.ReadInt32LittleEndian(learner.AsSpan(12)) != 0;
        var evalMetrics = BinaryPrimitives.ReadInt32LittleEndian(learner.AsSpan(16)) != 0;
        report.Count("learner.num_feature", "features", features, DataModelReport.MaxFeatures);
        var objective = String("name_obj", MaxNameBytes);
        if (!BuiltInObjectives.XGBoost.Contains(objective))
        {
            report.Objective("name_obj", objective, "XGBoost looks objectives up in its registry of native code, so the name is refused on load or selects a plugin the application registered.");
        }

        var booster = String("name_gbm", MaxNameBytes);
        var complete = booster switch
        {
            "gbtree" => Trees(),
            "dart" => Trees() && Floats("weight_drop"),
            "gblinear" => Skip(GbLinearParamBytes, "the gblinear parameters") && Floats("weights"),
            _ => throw new InvalidDataException($"the booster `{booster}` is not gbtree, dart or gblinear"),
        };
        if (!complete)
        {
            return false;
        }

        if (extraAttributes && !Attributes())
        {
            return false;
        }

        if (evalMetrics && !Names("eval_metrics"))
        {
            return false;
        }

        return input.Position == input.Length ? true : throw new InvalidDataException($"{input.Length - input.Position:N0} bytes follow the model");
    }

    private bool Trees()
    {
        var param = Bytes(GbTreeParamBytes);
        var trees = BinaryPrimitives.ReadInt32LittleEndian(param);
        if (trees < 0)
        {
            throw new InvalidDataException($"the model declares {trees} trees");
        }

        if (!Fits("gbtree.num_trees", trees, TreeParamBytes, "trees") || report.Count("gbtree.trees", "trees", trees, DataModelReport.MaxTrees))
        {
            return false;
        }

        long total = 0;
        for (var t = 0; t < trees; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = $"trees[{t}]";
            var treeParam = Bytes(TreeParamBytes);
            var nodes = BinaryPrimitives.ReadInt32LittleEndian(treeParam.AsSpan(4));
            var leafVector = BinaryPrimitives.ReadInt32LittleEndian(treeParam.AsSpan(20));
            if (nodes < 0 || !Fits($"{at}.num_nodes", nodes, NodeBytes + StatBytes, "nodes"))
            {
                return nodes < 0 ? throw new InvalidDataException($"{at} declares {nodes} nodes") : false;
            }

            var left = new long[nodes];
            var right = new long[nodes];
            var node = new byte[NodeBytes];
            for (var i = 0; i < nodes; i++)
            {
                input.ReadExactly(node);
                left[i] = BinaryPrimitives.ReadInt32LittleEndian(node.AsSpan(4));
                right[i] = BinaryPrimitives.ReadInt32LittleEndian(node.AsSpan(8));
            }

            input.Position += (long)nodes * StatBytes;
            report.Tree(at, TreeLinks.Check(nodes, left, right, c => c == -1));
            if (leafVector != 0 && !Floats($"{at}.leaf_vector"))
            {
                return false;
            }

            total += nodes;
        }

        report.Count("gbtree.trees", "tree nodes", total, DataModelReport.MaxNodes);
        return Skip(4L * trees, "tree_info");
    }

    private bool Attributes()
    {
        var count = Length("attributes");
        if (!Fits("attributes", count, 16, "attributes"))
        {
            return false;
        }

        for (long i = 0; i < count; i++)
        {
            var key = String("attributes", MaxStringBytes);
            var value = String($"attributes.{key}", MaxStringBytes);
            report.Strings($"attributes.{key}", value);
            report.Strings("attributes", key);
        }

        return true;
    }

    private bool Names(string where)
    {
        var count = Length(where);
        if (!Fits(where, count, 8, "names"))
        {
            return false;
        }

        for (long i = 0; i < count; i++)
        {
            report.Strings($"{where}[{i}]", String(where, MaxStringBytes));
        }

        return true;
    }

    private bool Floats(string where)
    {
        var count = Length(where);
        return Fits(where, count, 4, "values") && Skip(count * 4, where);
    }

    // dmlc streams write a vector or string as a u64 count, then the items.
    private long Length(string where)
    {
        var bytes = Bytes(8);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return length <= long.MaxValue / 64 ? (long)length : throw new InvalidDataException($"`{where}` declares {length} items");
    }

    private string String(string where, int max)
    {
        var length = Length(where);
        if (length > max || length > input.Length - input.Position)
        {
            throw new InvalidDataException($"`{where}` declares a string of {length:N0} bytes, more than the {Math.Min(max, input.Length - input.Position):N0} allowed");
        }

        var bytes = Bytes((int)length);
        return Encoding.UTF8.GetString(bytes);
    }

    // The loader resizes its vectors to the declared count before reading them: a count the file cannot hold is an allocation bomb.
    private bool Fits(string where, long count, int itemBytes, string what)
    {
        var left = input.Length - input.Position;
        if (count <= left / itemBytes)
        {
            return true;
        }

        report.Exhaustion(where, $"declares {count:N0} {what} ({(double)count * itemBytes / (1 << 20):N0} MiB that the loader allocates before reading), but only {left:N0} bytes follow.", $"{what}={count}");
        return false;
    }

    private bool Skip(long count, string what)
    {
        if (count > input.Length - input.Position)
        {
            throw new InvalidDataException($"the file ends inside {what}");
        }

        input.Position += count;
        return true;
    }

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        input.ReadExactly(bytes);
        return bytes;
    }
}
