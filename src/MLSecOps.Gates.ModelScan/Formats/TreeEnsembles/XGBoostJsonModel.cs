using System.Globalization;
using System.Text.Json;

namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>
/// The document of an XGBoost JSON or UBJSON model (<c>Booster.save_model</c>): <c>learner</c> and <c>version</c>, the objective and
/// booster names, the declared counts against the arrays, every tree's child links, and every string (attributes, feature names).
/// </summary>
internal static class XGBoostJsonModel
{
    // Per-node arrays of a tree; each must have tree_param.num_nodes entries.
    private static readonly string[] NodeArrays = ["left_children", "right_children", "parents", "split_indices", "split_conditions", "default_left"];

    /// <summary>Gets whether <paramref name="root"/> has the two keys every XGBoost model document has.</summary>
    public static bool IsModel(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("learner", out var learner) && learner.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Array;

    /// <summary>Validates the model; throws <see cref="InvalidDataException"/> where XGBoost would refuse it.</summary>
    public static void Check(JsonElement root, DataModelReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!IsModel(root))
        {
            throw new InvalidDataException("the document has no `learner` object and `version` array");
        }

        // Strings first: code in a document that then fails validation is still reported.
        report.Walk(root, "", cancellationToken);
        var learner = root.GetProperty("learner");
        if (Object(learner, "objective") is { } objective && String(objective, "name") is { } name && !BuiltInObjectives.XGBoost.Contains(name))
        {
            report.Objective("learner.objective.name", name, "XGBoost looks objectives up in its registry of native code, so the name is refused on load or selects a plugin the application registered.");
        }

        if (Object(learner, "learner_model_param") is { } param && Number(param, "num_feature") is { } features)
        {
            report.Count("learner.learner_model_param.num_feature", "features", features, DataModelReport.MaxFeatures);
        }

        if (Object(learner, "gradient_booster") is not { } booster || String(booster, "name") is not { } boosterName)
        {
            throw new InvalidDataException("`learner.gradient_booster` has no `name`");
        }

        if (!BuiltInObjectives.XGBoostBoosters.Contains(boosterName))
        {
            report.Objective("learner.gradient_booster.name", boosterName, "XGBoost builds boosters from its registry, so the name is refused on load or selects a plugin.");
        }
        else if (boosterName != "gblinear")
        {
            var trees = boosterName == "dart" ? Object(booster, "gbtree") is { } inner ? Object(inner, "model") : null : Object(booster, "model");
            CheckTrees(trees ?? throw new InvalidDataException($"the {boosterName} booster has no `model`"), $"learner.gradient_booster{(boosterName == "dart" ? ".gbtree" : "")}.model", report, cancellationToken);
        }
    }

    private static void CheckTrees(JsonElement model, string where, DataModelReport report, CancellationToken cancellationToken)
    {
        if (!model.TryGetProperty("trees", out var trees) || trees.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"`{where}` has no `trees` array");
        }

        var count = trees.GetArrayLength();
        if (Object(model, "gbtree_model_param") is { } param && Number(param, "num_trees") is { } declared && declared != count)
        {
            throw new InvalidDataException($"`{where}.gbtree_model_param.num_trees` is {declared} but {count} trees follow");
        }

        report.Count($"{where}.trees", "trees", count, DataModelReport.MaxTrees);
        long nodesTotal = 0;
        var index = 0;
        foreach (var tree in trees.EnumerateArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = $"{where}.trees[{index++}]";
            if (tree.ValueKind != JsonValueKind.Object || Object(tree, "tree_param") is not { } treeParam || Number(treeParam, "num_nodes") is not { } nodes || nodes < 0)
            {
                throw new InvalidDataException($"`{at}` has no `tree_param.num_nodes`");
            }

            foreach (var array in NodeArrays)
            {
                if (tree.TryGetProperty(array, out var values) && (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() != nodes))
                {
                    throw new InvalidDataException($"`{at}.{array}` does not have the {nodes} entries of `num_nodes`");
                }
            }

            nodesTotal += nodes;
            var left = Longs(tree, "left_children", at);
            var right = Longs(tree, "right_children", at);
            report.Tree(at, TreeLinks.Check((int)nodes, left, right, c => c == -1));
        }

        report.Count($"{where}.trees", "tree nodes", nodesTotal, DataModelReport.MaxNodes);
    }

    private static long[] Longs(JsonElement tree, string name, string at)
    {
        if (!tree.TryGetProperty(name, out var values))
        {
            throw new InvalidDataException($"`{at}` has no `{name}`");
        }

        var result = new long[values.GetArrayLength()];
        var i = 0;
        foreach (var value in values.EnumerateArray())
        {
            result[i++] = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : throw new InvalidDataException($"`{at}.{name}[{i - 1}]` is not an integer");
        }

        return result;
    }

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // XGBoost writes its parameters as strings of numbers ("3", "5E-1"); UBJSON writers may use numbers.
    private static long? Number(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
        {
            return n;
        }

        return value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new InvalidDataException($"`{name}` is not an integer");
    }
}
