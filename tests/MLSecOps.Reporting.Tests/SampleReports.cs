using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests;

/// <summary>The reports the golden files and assertions are built from.</summary>
internal static class SampleReports
{
    public const string RawSecret = "AKIAIOSFODNN7EXAMPLE";

    public static readonly RuleDescriptor PickleGlobal = RuleDescriptorFactory.Create(
        "MOD001",
        "Pickle imports a dangerous callable",
        "The pickle stream imports a callable such as os.system that runs code when the model is loaded.",
        "Load weights with `safetensors` instead, or allow the global in `.mlsecops.yml`.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.VeryHigh);

    public static readonly RuleDescriptor UnknownFormat = RuleDescriptorFactory.Create(
        "MOD002",
        "Model file could not be parsed",
        "The model file is not in a format the scanner can read, so it could not be checked.",
        "Convert the model to a supported format.",
        Severity.Medium,
        [Threat.MalwareDistribution],
        ["CWE-20"],
        Precision.High);

    public static readonly RuleDescriptor SecretInData = RuleDescriptorFactory.Create(
        "DAT001",
        "Secret in a data set",
        "A credential appears in a data file committed to the repository.",
        "Remove the secret, rotate it, and rewrite history.",
        Severity.High,
        [Threat.DataCompromise],
        ["OWASP-ML03", "CWE-798"],
        Precision.High);

    public static readonly RuleDescriptor DataCard = RuleDescriptorFactory.Create(
        "DAT002",
        "Data set has no data card",
        "The data set has no data card that records where it came from.",
        "Add a data card next to the data set.",
        Severity.Info,
        [Threat.DataPoisoning],
        [],
        Precision.Medium);

    public static readonly RuleDescriptor ExpiredWaiver = RuleDescriptorFactory.Create(
        "POL001",
        "Waiver has expired",
        "A waiver in the policy file is past its expiry date and no longer applies.",
        "Renew the waiver with a new expiry date, or fix the finding.",
        Severity.Low,
        [Threat.Misconfiguration],
        [],
        Precision.VeryHigh);

    /// <summary>Two gates: critical, high, medium, low (POL), info; one waived, one ignored inline; masked evidence.</summary>
    public static ScanReport Mixed()
    {
        var critical = Some.Finding(PickleGlobal, "models/classifier.pkl", 1, "Pickle imports os.system, which runs code on load.", "os.system", "os.system", logicalPath: "archive/data.pkl");
        var waived = Some.Finding(PickleGlobal, "models/legacy.pkl", 1, "Pickle imports builtins.eval, which runs code on load.", "builtins.eval", "builtins.eval");
        var unparsed = Some.Finding(UnknownFormat, "models/weird model|v2.bin", 1, "Unknown model format (first bytes 0x00 0x01).", "format");
        var policy = Some.Finding(ExpiredWaiver, ".mlsecops.yml", 12, "Waiver for MOD001 on models/old.pkl expired on 2025-12-31.", "waivers[0]") with { Gate = "model-scan" };
        var secret = Some.Finding(
            SecretInData,
            "data/train.csv",
            42,
            SecretMasker.MaskIn($"Column 'notes' holds an AWS access key {RawSecret}.", RawSecret),
            "notes:aws-access-key",
            SecretMasker.Mask(RawSecret),
            gate: "data-check",
            column: 17);
        var card = Some.Finding(DataCard, "data/train.csv", 1, "No data card found for data/train.csv.", "card", gate: "data-check");
        var ignored = Some.Finding(SecretInData, "data/fixtures.csv", 3, "Column 'token' holds a GitHub token ghp_********.", "token:github", "ghp_********", gate: "data-check", column: 5);

        var modelScan = Some.Gate(
            "model-scan",
            "build",
            [
                Some.Evaluated(critical),
                Some.Evaluated(waived, suppression: new Suppression(SuppressionKind.External, "Legacy model, replaced in Q3 (JIRA-123).", "waiver")),
                Some.Evaluated(unparsed),
                Some.Evaluated(policy),
            ],
            [PickleGlobal, UnknownFormat],
            filesScanned: 4,
            duration: TimeSpan.FromMilliseconds(250));
        var dataCheck = Some.Gate(
            "data-check",
            "data",
            [
                Some.Evaluated(secret),
                Some.Evaluated(card),
                Some.Evaluated(ignored, suppression: new Suppression(SuppressionKind.InSource, "Test fixture with a revoked token.", "inline")),
            ],
            [SecretInData, DataCard],
            filesScanned: 2,
            duration: TimeSpan.FromMilliseconds(40));
        return Some.Report(modelScan, dataCheck);
    }

    /// <summary>A report of one gate with <paramref name="count"/> high findings in distinct files.</summary>
    public static ScanReport Many(int count, int suppressed = 0)
    {
        var findings = Enumerable.Range(0, count)
            .Select(i => Some.Finding(PickleGlobal, $"models/m{i:D6}.pkl", 1, $"Pickle imports os.system in model {i}; this message is padded to look like a real one.", "os.system", severity: Severity.High))
            .Select((f, i) => Some.Evaluated(f, suppression: i < suppressed ? new Suppression(SuppressionKind.External, "Baseline.", "baseline") : null));
        return Some.Report(Some.Gate("model-scan", "build", findings, [PickleGlobal], filesScanned: count));
    }

    /// <summary>A gate without findings and a gate whose path and message try to break every output format.</summary>
    public static ScanReport Hostile()
    {
        var rule = RuleDescriptorFactory.Create(
            "DEP001",
            "Container image is not pinned by digest",
            "The image reference uses a tag, which can be moved to point at other content.",
            "Pin the image as `name@sha256:...`.",
            Severity.High,
            [Threat.IntegrationIssues, Threat.MalwareDistribution],
            ["CWE-829"],
            Precision.High);
        var finding = Some.Finding(
            rule,
            "deploy/a;b]%0A##vso[task.complete result=Succeeded]x | <b>.yaml",
            7,
            "Image `evil:latest` | <img src=x onerror=alert(1)>\n::error::injected\n##vso[task.setvariable variable=decision]pass @admins",
            "spec.containers[0].image",
            "evil:latest",
            gate: "deploy-audit",
            column: 14,
            logicalPath: "spec.containers[0].image");
        return Some.Report(
            Some.Gate("design-review", "design", [], [], filesScanned: 0, duration: TimeSpan.Zero),
            Some.Gate("deploy-audit", "deploy", [Some.Evaluated(finding)], [rule], filesScanned: 1, duration: TimeSpan.FromMilliseconds(3)));
    }
}
