using System.Text.Json;
using System.Text.Json.Nodes;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Cards;
using MLSecOps.Gates.DesignReview.Rules.Bases;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES014: the model card's <c>model-index</c> results are not well-formed.</summary>
internal sealed class ModelIndexMalformed : CardRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES014",
        "Model card model-index is malformed",
        "`model-index` must be a list of `{name, results}` where each result has `task.type`, `dataset.type` and `dataset.name`, and `metrics` with `type` and a numeric `value`; the Hugging Face Hub rejects anything else on push, and reported numbers without a data set cannot be checked.",
        "Fix the entry at the reported line; see the `model-index` section of the Hugging Face model-card specification.",
        Severity.Medium,
        [Threat.ModelBiasAttack],
        ["NIST-AI-RMF-MEASURE-2.1"],
        example: "A model card front matter `model-index: [{ name: my-model, results: [{ task: { type: text-classification }, metrics: [{ type: accuracy, value: high }] }] }]` (no `dataset`, non-numeric `value`).");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override bool ModelCards => true;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(CardDocument card)
    {
        if (card.FrontMatter?["model-index"] is not { } index)
        {
            yield break;
        }

        if (index is not JsonArray models)
        {
            yield return Problem(card, "/model-index", "must be a list of models");
            yield break;
        }

        for (var m = 0; m < models.Count; m++)
        {
            var model = $"/model-index/{m}";
            if (models[m] is not JsonObject entry)
            {
                yield return Problem(card, model, "must be a mapping with name and results");
                continue;
            }

            foreach (var problem in Required(card, entry, model, "name"))
            {
                yield return problem;
            }

            if (entry["results"] is not JsonArray results)
            {
                yield return Problem(card, model, "needs a results list");
                continue;
            }

            for (var r = 0; r < results.Count; r++)
            {
                foreach (var problem in Result(card, results[r] as JsonObject, $"{model}/results/{r}"))
                {
                    yield return problem;
                }
            }
        }
    }

    private IEnumerable<Finding> Result(CardDocument card, JsonObject? result, string pointer)
    {
        if (result is null)
        {
            yield return Problem(card, pointer, "must be a mapping with task, dataset and metrics");
            yield break;
        }

        var checks = Required(card, result["task"] as JsonObject, pointer + "/task", "type")
            .Concat(Required(card, result["dataset"] as JsonObject, pointer + "/dataset", "type", "name"));
        foreach (var problem in checks)
        {
            yield return problem;
        }

        if (result["metrics"] is not JsonArray { Count: > 0 } metrics)
        {
            yield return Problem(card, pointer, "needs a non-empty metrics list");
            yield break;
        }

        for (var i = 0; i < metrics.Count; i++)
        {
            var metric = $"{pointer}/metrics/{i}";
            foreach (var problem in Required(card, metrics[i] as JsonObject, metric, "type"))
            {
                yield return problem;
            }

            if ((metrics[i] as JsonObject)?["value"] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
            {
                yield return Problem(card, metric, "needs a numeric value");
            }
        }
    }

    private IEnumerable<Finding> Required(CardDocument card, JsonObject? node, string pointer, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (node?[key] is not JsonValue value || string.IsNullOrWhiteSpace(value.ToString()))
            {
                yield return Problem(card, pointer, $"needs {key}");
            }
        }
    }

    private Finding Problem(CardDocument card, string pointer, string problem)
    {
        var (line, column) = card.PositionOf(pointer);
        return At(card, line, $"model-index {pointer["/model-index".Length..].TrimStart('/')}: {problem}.".Replace(" :", ":", StringComparison.Ordinal), pointer + "#" + problem, column);
    }
}
