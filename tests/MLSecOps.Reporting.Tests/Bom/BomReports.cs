using MLSecOps.Core.Inventory;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests.Bom;

/// <summary>Scan reports with an inventory from every gate: the inputs of the BOM tests.</summary>
internal static class BomReports
{
    public static readonly RuleDescriptor PickleGlobal = Some.Rule("MOD002", Severity.Critical, "Pickle imports a dangerous callable", standards: ["OWASP-ML06", "AML.T0010.003", "CWE-502"]);
    public static readonly RuleDescriptor Secret = Some.Rule("DAT020", Severity.High, "Secret in a data set", threats: [Threat.DataCompromise], standards: ["OWASP-LLM02", "CWE-798"]);
    public static readonly RuleDescriptor Unpinned = Some.Rule("DEP050", Severity.Medium, "Image not pinned by digest", threats: [Threat.Misconfiguration], standards: ["OWASP-LLM03", "CWE-494"]);
    public static readonly RuleDescriptor CardGap = Some.Rule("DES012", Severity.Medium, "Model card section missing", threats: [Threat.ModelBiasAttack], standards: ["OWASP-LLM09"]);

    public static Asset Model(string sha = "1111111111111111111111111111111111111111111111111111111111111111") => new()
    {
        Kind = AssetKind.Model,
        Key = "models/legacy/classifier.pkl",
        Files = ["models/legacy/classifier.pkl"],
        Format = "pickle",
        Size = 532,
        Hashes = new Dictionary<string, string> { ["SHA-256"] = sha },
    };

    public static Asset ModelCard() => new()
    {
        Kind = AssetKind.Model,
        Key = "models/legacy/classifier.pkl",
        Files = ["models/legacy/classifier.pkl", "models/README.md"],
        License = "apache-2.0",
        BaseModel = "distilbert-base-uncased",
        Card = new Dictionary<string, string>
        {
            ["card"] = "models/README.md",
            ["datasets"] = "example/product-reviews",
            ["pipeline-tag"] = "text-classification",
            ["limitations"] = "Sarcasm is often misread.",
            ["language"] = "en",
        },
    };

    public static Asset Data() => new()
    {
        Kind = AssetKind.Dataset,
        Key = "data/train.csv",
        Files = ["data/train.csv", "data/train.csv.dvc"],
        Format = "csv",
        Size = 2048,
        Hashes = new Dictionary<string, string> { ["SHA-256"] = new string('2', 64), ["MD5"] = new string('3', 32) },
        Properties = new Dictionary<string, string> { ["provenance"] = "dvc", ["rows"] = "120", ["columns"] = "text:string, label:string" },
    };

    public static Asset Image(string reference = "vllm/vllm-openai:v0.11.0@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") => new()
    {
        Kind = AssetKind.ContainerImage,
        Key = reference,
        Files = ["deploy/k8s/vllm.yaml"],
        Name = "docker.io/vllm/vllm-openai",
        Version = "v0.11.0",
        Hashes = new Dictionary<string, string> { ["SHA-256"] = new string('a', 64) },
        Properties = new Dictionary<string, string> { ["digest-pinned"] = "true" },
    };

    /// <summary>Four gates, each with its share of the inventory and one finding; the data finding is waived.</summary>
    public static ScanReport Full(string modelSha = "1111111111111111111111111111111111111111111111111111111111111111")
    {
        var waiver = new Suppression(SuppressionKind.External, "synthetic data; expires 2027-03-31", "waiver") { Expires = new DateOnly(2027, 3, 31) };
        var design = Some.Gate("design-review", "design", [Some.Evaluated(Some.Finding(CardGap, "models/README.md", 9, gate: "design-review"))]) with
        {
            Assets = [ModelCard()],
        };
        var data = Some.Gate("data-check", "development", [Some.Evaluated(Some.Finding(Secret, "data/train.csv", 4, "Column 'notes' holds an AWS key AKIA************.", evidence: "AKIA************", gate: "data-check"), suppression: waiver)]) with
        {
            Assets = [Data()],
        };
        var model = Some.Gate("model-scan", "build", [Some.Evaluated(Some.Finding(PickleGlobal, "models/legacy/classifier.pkl", evidence: "posix.system"))]) with
        {
            Assets = [Model(modelSha)],
        };
        var deploy = Some.Gate("deploy-audit", "deploy", [Some.Evaluated(Some.Finding(Unpinned, "deploy/compose/docker-compose.yml", 3, gate: "deploy-audit"))]) with
        {
            Assets = [Image(), Image("python:latest") with { Name = "docker.io/library/python", Version = "latest", Hashes = new Dictionary<string, string>(), Files = ["deploy/Dockerfile"] }],
        };
        return Some.Report(design, data, model, deploy);
    }
}
