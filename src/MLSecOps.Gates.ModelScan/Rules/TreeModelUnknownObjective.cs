using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD167: a tree-ensemble model names an objective, booster or loss that its library does not build in.</summary>
internal static class TreeModelUnknownObjective
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD167",
        "Tree-ensemble model names an objective or booster its library does not build in",
        "An XGBoost, LightGBM or CatBoost model names an objective, booster or loss function outside the library's built-in registry. The loaders look such names up in a registry of native code: the name is either refused or resolved to a plugin the application registered (XGBoost `XGBOOST_REGISTER_OBJECTIVE` plugins, CatBoost user-defined Python objectives), so the model picks code the review did not see. A user-defined CatBoost objective or metric is reported at low: loading never calls it, but continuing training or evaluating needs that Python class.",
        "Re-train with a built-in objective, or make sure the plugin or Python class that the name selects is reviewed and pinned; then waive `MOD167` for the model.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.Medium,
        example: "An XGBoost `model.json` whose `learner.objective.name` is `acme:backdoor`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
