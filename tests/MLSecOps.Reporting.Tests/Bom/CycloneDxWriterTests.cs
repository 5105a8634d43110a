using System.Text.Json.Nodes;
using MLSecOps.Core.Inventory;
using MLSecOps.Reporting.Bom;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests.Bom;

public sealed class CycloneDxWriterTests
{
    [Test]
    public void Write_FullInventory_IsValidAgainstTheCycloneDx16Schema()
    {
        // Given a scan with models, data, images and findings of every gate
        // When the BOM is written
        var json = CycloneDxWriter.ToJson(BomReports.Full());

        // Then the official schema (with SPDX and JSF resolved locally) accepts it
        Assert.That(CycloneDxSchema.Errors(json), Is.Empty);
    }

    [Test]
    public void Write_EmptyScan_IsValid()
    {
        var json = CycloneDxWriter.ToJson(Some.Report(Some.Gate()));

        Assert.That(CycloneDxSchema.Errors(json), Is.Empty);
        Assert.That(JsonNode.Parse(json)!["components"]!.AsArray(), Is.Empty);
    }

    [Test]
    public void Validation_RejectsABomWithAnUnknownComponentType()
    {
        // The validator itself can fail: a BOM the schema forbids is reported.
        var bom = JsonNode.Parse(CycloneDxWriter.ToJson(BomReports.Full()))!;
        bom["components"]![0]!["type"] = "weights";

        Assert.That(CycloneDxSchema.Errors(bom.ToJsonString()), Is.Not.Empty);
    }

    [Test]
    public void Write_SameScanTwice_IsByteIdentical()
    {
        var first = CycloneDxWriter.ToJson(BomReports.Full());
        var second = CycloneDxWriter.ToJson(BomReports.Full());

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Does.Not.Contain("timestamp"));
        Assert.That((string)JsonNode.Parse(first)!["serialNumber"]!, Does.Match("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    }

    [Test]
    public void Write_OneModelChanged_ChangesOnlyItsComponentAndTheSerialNumber()
    {
        // Given the same scan where one model file has a new hash
        var before = JsonNode.Parse(CycloneDxWriter.ToJson(BomReports.Full()))!;
        var after = JsonNode.Parse(CycloneDxWriter.ToJson(BomReports.Full(modelSha: new string('9', 64))))!;

        // Then exactly one component differs, and the serial number follows the content
        var changed = before["components"]!.AsArray().Zip(after["components"]!.AsArray())
            .Where(p => p.First!.ToJsonString() != p.Second!.ToJsonString())
            .Select(p => (string)p.First!["bom-ref"]!)
            .ToList();
        Assert.That(changed, Is.EqualTo(new[] { "model:models/legacy/classifier.pkl" }));
        Assert.That(after["vulnerabilities"]!.ToJsonString(), Is.EqualTo(before["vulnerabilities"]!.ToJsonString()));
        Assert.That((string)after["serialNumber"]!, Is.Not.EqualTo((string)before["serialNumber"]!));
    }

    [Test]
    public void Write_AssetsOfTwoGates_MergeIntoOneComponentWithTheFactsOfBoth()
    {
        var model = Component(BomReports.Full(), "model:models/legacy/classifier.pkl");

        // model-scan's hash and format, design-review's licence, base model and card
        Assert.That((string)model["type"]!, Is.EqualTo("machine-learning-model"));
        Assert.That((string)model["hashes"]![0]!["content"]!, Is.EqualTo(new string('1', 64)));
        Assert.That((string)model["licenses"]![0]!["license"]!["name"]!, Is.EqualTo("apache-2.0"));
        Assert.That((string)model["pedigree"]!["ancestors"]![0]!["name"]!, Is.EqualTo("distilbert-base-uncased"));
        Assert.That((string)model["modelCard"]!["modelParameters"]!["task"]!, Is.EqualTo("text-classification"));
        Assert.That((string)model["modelCard"]!["modelParameters"]!["datasets"]![0]!["name"]!, Is.EqualTo("example/product-reviews"));
        Assert.That((string)model["modelCard"]!["considerations"]!["technicalLimitations"]![0]!, Is.EqualTo("Sarcasm is often misread."));
        Assert.That(Property(model, "mlsecops:format"), Is.EqualTo("pickle"));
        Assert.That(Property(model, "mlsecops:files"), Is.EqualTo("models/README.md, models/legacy/classifier.pkl"));
    }

    [Test]
    public void Write_DataAndImages_CarryProvenanceProfileAndDigest()
    {
        var report = BomReports.Full();
        var data = Component(report, "data:data/train.csv");
        var pinned = Component(report, "image:" + BomReports.Image().Key);
        var latest = Component(report, "image:python:latest");

        Assert.That((string)data["type"]!, Is.EqualTo("data"));
        Assert.That(data["hashes"]!.AsArray().Select(h => (string)h!["alg"]!), Is.EqualTo(new[] { "MD5", "SHA-256" }));
        Assert.That(Property(data, "mlsecops:provenance"), Is.EqualTo("dvc"));
        Assert.That((string)data["data"]![0]!["description"]!, Is.EqualTo("120 rows; columns: text:string, label:string"));
        Assert.That((string)pinned["type"]!, Is.EqualTo("container"));
        Assert.That((string)pinned["purl"]!, Does.StartWith("pkg:oci/vllm-openai@sha256%3Aaaaa"));
        Assert.That(latest["hashes"], Is.Null);
        Assert.That(latest["purl"], Is.Null);
    }

    [Test]
    public void Write_Findings_AreVulnerabilitiesReferencingExistingComponents()
    {
        var bom = JsonNode.Parse(CycloneDxWriter.ToJson(BomReports.Full()))!;
        var refs = bom["components"]!.AsArray().Select(c => (string)c!["bom-ref"]!).ToHashSet();
        var vulnerabilities = bom["vulnerabilities"]!.AsArray().Select(v => v!.AsObject()).ToList();

        Assert.That(vulnerabilities, Has.Count.EqualTo(4));
        Assert.That(vulnerabilities.SelectMany(v => v["affects"]!.AsArray()).Select(a => (string)a!["ref"]!).Distinct(), Is.SubsetOf(refs));
        var pickle = vulnerabilities.Single(v => (string)v["id"]! == "MOD002");
        Assert.That((string)pickle["affects"]![0]!["ref"]!, Is.EqualTo("model:models/legacy/classifier.pkl"));
        Assert.That((string)pickle["ratings"]![0]!["severity"]!, Is.EqualTo("critical"));
        Assert.That(pickle["cwes"]!.AsArray().Select(c => (int)c!), Is.EqualTo(new[] { 502 }));
        // A card finding affects the models the card documents; a compose file no asset names becomes a file component
        var card = vulnerabilities.Single(v => (string)v["id"]! == "DES012");
        Assert.That((string)card["affects"]![0]!["ref"]!, Is.EqualTo("model:models/legacy/classifier.pkl"));
        var unpinned = vulnerabilities.Single(v => (string)v["id"]! == "DEP050");
        Assert.That((string)unpinned["affects"]![0]!["ref"]!, Is.EqualTo("file:deploy/compose/docker-compose.yml"));
        Assert.That(refs, Does.Contain("file:deploy/compose/docker-compose.yml"));
    }

    [Test]
    public void Write_WaivedFinding_IsAnAcceptedRiskUntilTheWaiverExpires()
    {
        var bom = JsonNode.Parse(CycloneDxWriter.ToJson(BomReports.Full()))!;
        var secret = bom["vulnerabilities"]!.AsArray().Single(v => (string)v!["id"]! == "DAT020")!;
        var open = bom["vulnerabilities"]!.AsArray().Single(v => (string)v!["id"]! == "MOD002")!;

        Assert.That((string)secret["analysis"]!["state"]!, Is.EqualTo("exploitable"));
        Assert.That((string)secret["analysis"]!["response"]![0]!, Is.EqualTo("will_not_fix"));
        Assert.That((string)secret["analysis"]!["detail"]!, Does.EndWith("(waived until 2027-03-31)"));
        Assert.That((string)secret["affects"]![0]!["ref"]!, Is.EqualTo("data:data/train.csv"));
        Assert.That(open["analysis"], Is.Null);
    }

    [Test]
    public void Write_MaskedEvidence_StaysMasked()
    {
        var json = CycloneDxWriter.ToJson(SampleReports.Mixed());

        Assert.That(json, Does.Not.Contain(SampleReports.RawSecret));
        Assert.That(CycloneDxSchema.Errors(json), Is.Empty);
    }

    [Test]
    public async Task Publisher_WritesTheBomFile()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "out", "bom.cdx.json");

        await new BomFilePublisher(path).PublishAsync(BomReports.Full(), CancellationToken.None);

        Assert.That(File.ReadAllText(path), Is.EqualTo(CycloneDxWriter.ToJson(BomReports.Full())));
    }

    private static JsonObject Component(Core.Reporting.ScanReport report, string bomRef) =>
        JsonNode.Parse(CycloneDxWriter.ToJson(report))!["components"]!.AsArray().Single(c => (string)c!["bom-ref"]! == bomRef)!.AsObject();

    private static string? Property(JsonObject component, string name) =>
        (string?)component["properties"]!.AsArray().FirstOrDefault(p => (string)p!["name"]! == name)?["value"];

    [Test]
    public void Write_AssetKindsOnly_ListsOneComponentPerKindAndKey()
    {
        var report = Some.Report(Some.Gate() with { Assets = [BomReports.Model(), BomReports.Model() with { Kind = AssetKind.Dataset }] });

        var bom = JsonNode.Parse(CycloneDxWriter.ToJson(report))!;

        Assert.That(bom["components"]!.AsArray().Select(c => (string)c!["bom-ref"]!), Is.EqualTo(new[] { "data:models/legacy/classifier.pkl", "model:models/legacy/classifier.pkl" }));
    }
}
