using System.Security.Cryptography;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace MLSecOps.Gates.ModelScan.Tests.Signing;

/// <summary>MOD090-MOD096: OpenSSF model-signing signatures made in the test, by key (ECDSA, Ed25519), certificate and Sigstore keyless.</summary>
public sealed class ModelSignatureTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Model = File.ReadAllBytes(FixturePaths.Of("model-scan/benign/state_dict.pt"));

    private static TempDirectory ModelRepository()
    {
        var repo = new TempDirectory();
        repo.Write("models/bert/model.pt", Model);
        repo.Write("models/bert/config.json", "{\"model_type\": \"bert\"}\n");
        repo.Write("models/bert/.gitattributes", "*.pt filter=lfs\n");
        return repo;
    }

    private static string Folder(TempDirectory repo) => Path.Combine(repo.Path, "models", "bert");

    private static void WriteKey(TempDirectory repo, string path, string pem) => repo.Write(path, pem);

    private static Task<IReadOnlyList<Finding>> ScanAsync(TempDirectory repo, params (string Key, object Value)[] settings) =>
        GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(settings), new FakeTimeProvider(Now));

    private static IEnumerable<string> Ids(IEnumerable<Finding> findings) =>
        findings.Select(f => $"{f.Rule.Id} {f.Location.Path} {f.Location.LogicalPath}".TrimEnd());

    [Test]
    public async Task EcdsaKey_Valid_ReportsNothing()
    {
        // Given a model signed with a P-256 key the policy trusts
        using var repo = ModelRepository();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithKey(Folder(repo), key);
        WriteKey(repo, "keys/signer.pub", key.ExportSubjectPublicKeyInfoPem());

        // When scanned
        var findings = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/signer.pub" }), ("require-signature", true));

        // Then the signature and every file check out
        Assert.That(Ids(findings), Is.Empty);
    }

    [Test]
    public async Task Ed25519Key_Valid_ReportsNothing()
    {
        using var repo = ModelRepository();
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        ModelSigner.SignWithEd25519(Folder(repo), (Ed25519PrivateKeyParameters)pair.Private);
        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded();
        WriteKey(repo, "keys/signer.pub", new string(PemEncoding.Write("PUBLIC KEY", spki)));

        var findings = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/signer.pub" }));

        Assert.That(Ids(findings), Is.Empty);
    }

    [Test]
    public async Task EcdsaKey_FileTamperedAfterSigning_ReportsMod092OnTheFile()
    {
        using var repo = ModelRepository();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithKey(Folder(repo), key);
        WriteKey(repo, "keys/signer.pub", key.ExportSubjectPublicKeyInfoPem());
        repo.Write("models/bert/config.json", "{\"model_type\": \"bert\", \"num_hidden_layers\": 13}\n");

        var findings = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/signer.pub" }));

        Assert.That(Ids(findings), Is.EqualTo(new[] { "MOD092 models/bert/config.json" }));
    }

    [Test]
    public async Task EcdsaKey_FileAddedOrRemovedAfterSigning_ReportsMod093AndMod092()
    {
        // Given a signed model where a pickle is added and the config removed after signing
        using var repo = ModelRepository();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithKey(Folder(repo), key);
        WriteKey(repo, "keys/signer.pub", key.ExportSubjectPublicKeyInfoPem());
        repo.Write("models/bert/extra/pytorch_model.bin", Model);
        File.Delete(Path.Combine(Folder(repo), "config.json"));

        // When scanned
        var findings = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/signer.pub" }));

        // Then the added file is MOD093 on itself, the removed one MOD092 on the signature
        Assert.That(Ids(findings), Is.EquivalentTo(new[] { "MOD093 models/bert/extra/pytorch_model.bin", "MOD092 models/bert/model.sig config.json" }));
    }

    [Test]
    public async Task EcdsaKey_SignedByAnotherKey_ReportsMod094()
    {
        using var repo = ModelRepository();
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var trusted = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithKey(Folder(repo), signer);
        WriteKey(repo, "keys/trusted.pub", trusted.ExportSubjectPublicKeyInfoPem());

        var findings = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/trusted.pub" }));

        Assert.That(Ids(findings), Is.EqualTo(new[] { "MOD094 models/bert/model.sig" }));
    }

    [Test]
    public async Task Ed25519Key_WrongKeyWithoutHint_ReportsMod091()
    {
        // Given an Ed25519 signature (no key hint) and a different trusted Ed25519 key
        using var repo = ModelRepository();
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        ModelSigner.SignWithEd25519(Folder(repo), (Ed25519PrivateKeyParameters)generator.GenerateKeyPair().Private);
        var other = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(generator.GenerateKeyPair().Public).GetDerEncoded();
        WriteKey(repo, "keys/other.pub", new string(PemEncoding.Write("PUBLIC KEY", other)));

        // When scanned
        var findings = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/other.pub" }));

        // Then the signature does not verify, and the files are not compared with an untrusted manifest
        Assert.That(Ids(findings), Is.EqualTo(new[] { "MOD091 models/bert/model.sig" }));
        Assert.That(findings[0].Message, Does.Contain("keys/other.pub (Ed25519)"));
    }

    [Test]
    public async Task EcdsaKey_ManifestEditedAfterSigning_ReportsMod091()
    {
        // Given a signature whose statement is swapped for one over the tampered folder (the attacker cannot re-sign)
        using var repo = ModelRepository();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithKey(Folder(repo), key);
        WriteKey(repo, "keys/signer.pub", key.ExportSubjectPublicKeyInfoPem());
        repo.Write("models/bert/model.pt", [.. Model, 0]);
        var sig = Path.Combine(Folder(repo), "model.sig");
        var bundle = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(sig))!;
        bundle["dsseEnvelope"]!["payload"] = Convert.ToBase64String(ModelSigner.Statement(Folder(repo)));
        File.WriteAllText(sig, bundle.ToJsonString());

        var findings = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/signer.pub" }));

        Assert.That(Ids(findings), Is.EqualTo(new[] { "MOD091 models/bert/model.sig" }));
    }

    [TestCase("not json")]
    [TestCase("{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"verificationMaterial\": {}, \"messageSignature\": {}}")]
    [TestCase("{\"verificationMaterial\": {\"publicKey\": {}}, \"dsseEnvelope\": {\"payload\": \"e30=\", \"payloadType\": \"application/vnd.in-toto+json\", \"signatures\": [{\"sig\": \"AA==\"}]}}")]
    public async Task Signature_Malformed_ReportsMod091(string text)
    {
        using var repo = ModelRepository();
        repo.Write("models/bert/model.sig", text);

        var findings = await ScanAsync(repo);

        Assert.That(Ids(findings), Is.EqualTo(new[] { "MOD091 models/bert/model.sig" }));
    }

    [Test]
    public async Task RequireSignature_UnsignedModelFolder_ReportsMod090()
    {
        // Given two model folders, one signed at its top
        using var repo = ModelRepository();
        repo.Write("models/other/weights.safetensors", "x");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithKey(Folder(repo), key);
        WriteKey(repo, "keys/signer.pub", key.ExportSubjectPublicKeyInfoPem());

        // When the policy requires signatures
        var findings = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/signer.pub" }), ("require-signature", true));

        // Then only the unsigned folder is reported, at its first model file
        Assert.That(Ids(findings.Where(f => f.Rule.Id.StartsWith("MOD09", StringComparison.Ordinal))), Is.EqualTo(new[] { "MOD090 models/other/weights.safetensors" }));
    }

    [Test]
    public async Task SingleFileSignature_OtherFilesBesideIt_ChecksOnlyThatFile()
    {
        // Given one signed file (model_signing sign key FILE) beside unsigned files
        using var repo = ModelRepository();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignFileWithKey(Path.Combine(Folder(repo), "model.pt"), key);
        WriteKey(repo, "keys/signer.pub", key.ExportSubjectPublicKeyInfoPem());
        var intact = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/signer.pub" }));

        // When the signed file changes
        repo.Write("models/bert/model.pt", [.. Model, 0]);
        var changed = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/signer.pub" }));

        // Then only that file is compared
        Assert.That(Ids(intact), Is.Empty);
        Assert.That(Ids(changed), Is.EqualTo(new[] { "MOD092 models/bert/model.pt" }));
    }

    [Test]
    public async Task SignedWithKey_PolicyListsNoKeys_ReportsMod094()
    {
        using var repo = ModelRepository();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithKey(Folder(repo), key);

        var findings = await ScanAsync(repo);

        Assert.That(Ids(findings), Is.EqualTo(new[] { "MOD094 models/bert/model.sig" }));
    }

    [Test]
    public async Task TrustedKeyFileMissing_ReportsMod001()
    {
        using var repo = ModelRepository();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithKey(Folder(repo), key);

        var findings = await ScanAsync(repo, ("signature-public-keys", new[] { "keys/gone.pub" }));

        Assert.That(Ids(findings), Is.EquivalentTo(new[] { "MOD001 models/bert/model.sig", "MOD094 models/bert/model.sig" }));
    }
}
