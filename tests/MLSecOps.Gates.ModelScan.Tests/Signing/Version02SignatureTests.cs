using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace MLSecOps.Gates.ModelScan.Tests.Signing;

/// <summary>Certificate signatures in the model_signing v0.2.0 layout (<c>Digests/v0.1</c>, that release's DSSE encoding, SHA-256 on P-384), with CAs made in the test.</summary>
public sealed class Version02SignatureTests
{
    private const string Email = "ml-release@example.org";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static TempDirectory ModelRepository()
    {
        var repo = new TempDirectory();
        repo.Write("models/m/signme-1", "first signed file\n");
        repo.Write("models/m/sub/signme-2", "it's the second one\n");
        return repo;
    }

    private static string Folder(TempDirectory repo) => Path.Combine(repo.Path, "models", "m");

    private static async Task<IReadOnlyList<Finding>> ScanAsync(TempDirectory repo, string ca = "trust/ca.pem")
    {
        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("signature-ca-certificates", new[] { ca })), new FakeTimeProvider(Now));
        return [.. findings.Where(f => f.Rule.Id.StartsWith("MOD09", StringComparison.Ordinal))];
    }

    /// <summary>Signs like the v0.2.0 test bundle of model-transparency: root CA, intermediate CA in the bundle, P-384 leaf key.</summary>
    private static void Sign(TempDirectory repo, DateTimeOffset notBefore, DateTimeOffset notAfter, string caPath = "trust/ca.pem")
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = ModelSigner.CreateAuthority("root-ca", rootKey, Now.AddYears(-2), Now.AddYears(8));
        repo.Write(caPath, root.ExportCertificatePem());
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=intermediate-ca", intermediateKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var intermediatePublic = request.Create(root, Now.AddYears(-2), Now.AddYears(8), [1, 2, 3]);
        using var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var leaf = ModelSigner.CreateSigner(intermediate, key, Email, notBefore, notAfter);
        ModelSigner.SignVersion02WithCertificate(Folder(repo), leaf, key, intermediatePublic);
    }

    [Test]
    public async Task Version02_ChainsToConfiguredCa_ReportsNothing()
    {
        using var repo = ModelRepository();
        Sign(repo, Now.AddDays(-10), Now.AddDays(300));

        var findings = await ScanAsync(repo);

        Assert.That(findings, Is.Empty, string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public async Task Version02_FileTamperedAfterSigning_ReportsMod092()
    {
        using var repo = ModelRepository();
        Sign(repo, Now.AddDays(-10), Now.AddDays(300));
        repo.Write("models/m/sub/signme-2", "it's the second one, changed\n");

        var findings = await ScanAsync(repo);

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.EqualTo(new[] { "MOD092 models/m/sub/signme-2" }));
    }

    [Test]
    public async Task Version02_FileAddedAfterSigning_ReportsMod093()
    {
        using var repo = ModelRepository();
        Sign(repo, Now.AddDays(-10), Now.AddDays(300));
        repo.Write("models/m/extra.bin", "added later");

        var findings = await ScanAsync(repo);

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.EqualTo(new[] { "MOD093 models/m/extra.bin" }));
    }

    [Test]
    public async Task Version02_CertificateFromAnotherCa_ReportsMod091()
    {
        using var repo = ModelRepository();
        Sign(repo, Now.AddDays(-10), Now.AddDays(300), caPath: "attacker/ca.pem");
        using var trustedKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var trusted = ModelSigner.CreateAuthority("root-ca", trustedKey, Now.AddYears(-2), Now.AddYears(8));
        repo.Write("trust/ca.pem", trusted.ExportCertificatePem());

        var findings = await ScanAsync(repo);

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD091" }));
        Assert.That(findings[0].Message, Does.Contain("does not chain to a configured CA"));
    }

    [Test]
    public async Task Version02_CertificateExpired_ReportsMod095()
    {
        using var repo = ModelRepository();
        Sign(repo, Now.AddYears(-1), Now.AddDays(-1));

        var findings = await ScanAsync(repo);

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD095" }));
    }

    [Test]
    public async Task Version02_ManifestEditedAfterSigning_ReportsMod091()
    {
        // Given a valid v0.2.0 signature whose statement is then rewritten to vouch for a changed file
        using var repo = ModelRepository();
        Sign(repo, Now.AddDays(-10), Now.AddDays(300));
        var sig = Path.Combine(Folder(repo), "model.sig");
        var bundle = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(sig))!;
        var payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)bundle["dsseEnvelope"]!["payload"]!));
        var digest = Convert.ToHexStringLower(SHA256.HashData("first signed file\n"u8.ToArray()));
        var forged = payload.Replace(digest, Convert.ToHexStringLower(SHA256.HashData("evil\n"u8.ToArray())), StringComparison.Ordinal);
        Assert.That(forged, Is.Not.EqualTo(payload));
        bundle["dsseEnvelope"]!["payload"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(forged));
        File.WriteAllText(sig, bundle.ToJsonString());
        repo.Write("models/m/signme-1", "evil\n");

        // When scanned, Then the envelope signature fails
        var findings = await ScanAsync(repo);

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD091" }));
    }
}
