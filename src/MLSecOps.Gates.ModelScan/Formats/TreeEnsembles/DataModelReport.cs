using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>The findings of one data-only model file (XGBoost, LightGBM, CatBoost, MXNet), capped; malformed input is thrown as <see cref="InvalidDataException"/>.</summary>
internal sealed class DataModelReport(string path, string format)
{
    private const int MaxFindings = 50;

    /// <summary>Counts beyond these no trained model reaches: reported as model DoS at medium (MOD168).</summary>
    public const long MaxTrees = 1_000_000, MaxNodes = 100_000_000, MaxFeatures = 100_000_000;

    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    /// <summary>Gets the findings so far.</summary>
    public List<Finding> Findings { get; } = [];

    /// <summary>Gets the repository-relative path of the file.</summary>
    public string Path => path;

    /// <summary>Adds a finding of the format's own rules, within the cap.</summary>
    public void Add(Finding finding)
    {
        if (Findings.Count < MaxFindings)
        {
            Findings.Add(finding);
        }
    }

    /// <summary>Reports <paramref name="value"/> at <paramref name="where"/> if it holds Python or shell code (MOD170).</summary>
    public void Strings(string where, string? value)
    {
        if (value is null || Findings.Count >= MaxFindings || EmbeddedCode.Find(value) is not { } code || !_reported.Add("code|" + code))
        {
            return;
        }

        Findings.Add(ModelMetadataCode.Create(path, where, $"`{where}` of the {format} holds {code}. The loader never runs its strings, so this is a payload staged for whatever reads them.", code));
    }

    /// <summary>Reports code in every key and string value under <paramref name="element"/> (MOD170), naming each by its path from <paramref name="where"/>.</summary>
    public void Walk(JsonElement element, string where, CancellationToken cancellationToken)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var at = where.Length == 0 ? property.Name : $"{where}.{property.Name}";
                    Strings(at, property.Name);
                    Walk(property.Value, at, cancellationToken);
                }

                break;
            case JsonValueKind.Array:
                cancellationToken.ThrowIfCancellationRequested();
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    // Arrays of numbers (tree weights) cost one look per item.
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String)
                    {
                        Walk(item, $"{where}[{i}]", cancellationToken);
                    }

                    i++;
                }

                break;
            case JsonValueKind.String:
                Strings(where, element.GetString());
                break;
            default:
                break;
        }
    }

    /// <summary>Reports an objective, booster or loss the library does not build in (MOD167).</summary>
    public void Objective(string where, string name, string consequence, Severity severity = Severity.Medium)
    {
        if (Findings.Count < MaxFindings && _reported.Add("objective|" + name))
        {
            Findings.Add(TreeModelUnknownObjective.Create(path, where, $"The {format} names `{name}` at `{where}`: {consequence}", name) with { Severity = severity });
        }
    }

    /// <summary>Reports a size or link that exhausts the loader (MOD168).</summary>
    public void Exhaustion(string where, string message, string evidence, Severity severity = Severity.High)
    {
        if (Findings.Count < MaxFindings && _reported.Add("dos|" + where))
        {
            Findings.Add(TreeModelResourceExhaustion.Create(path, where, $"The {format} {message}", evidence) with { Severity = severity });
        }
    }

    /// <summary>Reports a count above what any trained model reaches (MOD168 at medium); returns whether it was.</summary>
    public bool Count(string where, string what, long count, long max)
    {
        if (count <= max)
        {
            return false;
        }

        Exhaustion(where, $"declares {count:N0} {what}, more than the {max:N0} any trained model has; loading allocates for all of them.", $"{what}={count}", Severity.Medium);
        return true;
    }

    /// <summary>Reports a tree whose links loop or share a node (MOD168); throws for links outside the tree.</summary>
    public void Tree(string where, (TreeLinks.Problem Problem, int Node) check)
    {
        switch (check.Problem)
        {
            case TreeLinks.Problem.OutOfRange:
                throw new InvalidDataException($"{where}: node {check.Node} links to a node outside the tree");
            case TreeLinks.Problem.Loop:
                Exhaustion(where, $"has a tree whose child links reach a node twice from node {check.Node} (a loop or a shared subtree): prediction walks it forever or many times.", $"node {check.Node}");
                break;
            default:
                break;
        }
    }
}
