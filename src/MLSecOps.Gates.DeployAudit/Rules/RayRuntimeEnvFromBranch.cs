using System.Text.RegularExpressions;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP060: a Ray <c>runtime_env</c> pulls <c>working_dir</c> or <c>py_modules</c> from an archive of a moving branch.</summary>
internal sealed partial class RayRuntimeEnvFromBranch : IManifestRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP060",
        "Ray runtime_env code from a moving branch",
        "Ray downloads `working_dir` and `py_modules` when the job or Serve app starts. An archive of a branch (`…/archive/master.zip`, `refs/heads/main`) is whatever was last pushed: a push to that branch, or a takeover of the repository, runs new code on the cluster with its credentials and data, without any change to the manifest.",
        "Point at an immutable archive: a commit SHA (`…/archive/<sha>.zip`), a release artifact with a checksum, or a package in your own registry; or bake the code into the image.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["CWE-494", "CWE-829"],
        Precision.High,
        example: "A `RayJob` whose `runtimeEnvYAML` has `working_dir: https://github.com/acme/app/archive/main.zip`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings)
    {
        var m = view.Manifest;
        var field = m.Kind switch
        {
            "RayJob" => "runtimeEnvYAML",
            "RayService" => "serveConfigV2",
            _ => null,
        };
        if (field is null || m.Spec?.Scalar(field) is not { } scalar)
        {
            yield break;
        }

        var lines = scalar.Value.Split('\n');
        var inModules = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            inModules = text.StartsWith("py_modules:", StringComparison.Ordinal) || (inModules && text.StartsWith('-'));
            if ((text.StartsWith("working_dir:", StringComparison.Ordinal) || inModules) && MovingArchive().Match(text) is { Success: true } url)
            {
                var line = Math.Min(scalar.LineOf(i), scalar.Span.EndLine);
                yield return Hit.On(Rule, m, scalar, $"spec.{field}", $"{m.Id} runs code from a moving branch archive ({url.Value}).") with { Span = new TextSpan(line, 1, line, 1) };
            }
        }
    }

    [GeneratedRegex(@"https?://\S*?/archive/(?:refs/heads/)?(?:master|main|develop|dev|trunk|HEAD)\.(?:zip|tar\.gz)", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex MovingArchive();
}
