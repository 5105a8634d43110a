using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLSecOps.GitHub.Api;

namespace MLSecOps.GitHub.Tests.Api;

public sealed class SarifUploadPlanTests
{
    [Test]
    public void Create_WithinLimits_OneUploadWithEveryRun()
    {
        var plan = SarifUploadPlan.Create(Log(Run("model-scan", 3), Run("data-check", 2)), SarifUploadLimits.GitHub);

        Assert.That(plan.Uploads.Select(u => u.Categories), Is.EqualTo(new[] { new[] { "mlsecops/model-scan/", "mlsecops/data-check/" } }));
        Assert.That(plan.Notices, Is.Empty);
    }

    [Test]
    public void Create_MoreRunsThanAllowed_SplitsIntoSeveralUploads()
    {
        var runs = Enumerable.Range(1, 5).Select(i => Run($"shard-{i}", 1)).ToArray();

        var plan = SarifUploadPlan.Create(Log(runs), SarifUploadLimits.GitHub with { MaxRunsPerUpload = 2 });

        Assert.That(plan.Uploads.Select(u => u.Categories.Count), Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(plan.Notices, Is.EqualTo(new[] { "The SARIF log was split into 3 uploads to respect GitHub's limits." }));
    }

    [Test]
    public void Create_TwoRunsWithTheSameCategory_NeverShareAnUpload()
    {
        var plan = SarifUploadPlan.Create(Log(Run("model-scan", 1), Run("model-scan", 1)), SarifUploadLimits.GitHub);

        Assert.That(plan.Uploads, Has.Count.EqualTo(2));
    }

    [Test]
    public void Create_TooManyResults_KeepsTheMostSevere()
    {
        var run = Run("model-scan", 0);
        run["results"] = new JsonArray(Result("note", 0), Result("error", 1), Result("warning", 2), Result("error", 3));

        var plan = SarifUploadPlan.Create(Log(run), SarifUploadLimits.GitHub with { MaxResultsPerRun = 2 });

        var kept = Results(plan.Uploads.Single());
        Assert.That(kept, Is.EqualTo(new[] { "r1", "r3" }));
        Assert.That(plan.Notices[0], Is.EqualTo("mlsecops/model-scan/: kept the 2 most severe of 4 results (GitHub's per-run limit); the SARIF file has them all."));
    }

    [Test]
    public void Create_SingleRunOverTheSizeLimit_HalvesResultsUntilItFits()
    {
        var run = Run("model-scan", 0);
        // Random-looking messages do not compress, so the gzip size tracks the result count.
        run["results"] = new JsonArray(Enumerable.Range(0, 64).Select(i => (JsonNode)Result(i % 2 == 0 ? "error" : "note", i, Noise(i))).ToArray());

        var plan = SarifUploadPlan.Create(Log(run), SarifUploadLimits.GitHub with { MaxGzipBytes = 6_000 });

        var upload = plan.Uploads.Single();
        Assert.That(upload.Gzip, Has.Length.LessThanOrEqualTo(6_000));
        Assert.That(upload.ResultCount, Is.EqualTo(16));
        Assert.That(Results(upload), Is.EqualTo(Enumerable.Range(0, 16).Select(i => $"r{i * 2}")));
        Assert.That(plan.Notices, Is.EqualTo(new[]
        {
            "mlsecops/model-scan/: kept the 32 most severe of 64 results to stay under GitHub's 6000 byte upload limit.",
            "mlsecops/model-scan/: kept the 16 most severe of 32 results to stay under GitHub's 6000 byte upload limit.",
        }));
    }

    private static byte[] Log(params JsonObject[] runs) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["version"] = "2.1.0", ["runs"] = new JsonArray(runs) }.ToJsonString());

    private static JsonObject Run(string category, int results) => new()
    {
        ["tool"] = new JsonObject { ["driver"] = new JsonObject { ["name"] = "MLSecOps" } },
        ["automationDetails"] = new JsonObject { ["id"] = category.StartsWith("shard", StringComparison.Ordinal) ? category : $"mlsecops/{category}/" },
        ["results"] = new JsonArray(Enumerable.Range(0, results).Select(i => (JsonNode)Result("error", i)).ToArray()),
    };

    private static JsonObject Result(string level, int index, string text = "m") => new()
    {
        ["ruleId"] = "MOD001",
        ["level"] = level,
        ["message"] = new JsonObject { ["text"] = text },
        ["properties"] = new JsonObject { ["index"] = $"r{index}" },
    };

    private static string Noise(int seed) => Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(BitConverter.GetBytes(seed)).Concat(System.Security.Cryptography.SHA512.HashData(BitConverter.GetBytes(-seed))).Concat(System.Security.Cryptography.SHA512.HashData(BitConverter.GetBytes(seed + 1000))).ToArray());

    private static IEnumerable<string> Results(SarifUploadPlan.Upload upload)
    {
        using var gzip = new GZipStream(new MemoryStream(upload.Gzip), CompressionMode.Decompress);
        using var document = JsonDocument.Parse(gzip);
        return document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("properties").GetProperty("index").GetString()!).ToList();
    }
}
