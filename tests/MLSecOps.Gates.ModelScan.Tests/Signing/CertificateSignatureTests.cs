using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace MLSecOps.Gates.ModelScan.Tests.Signing;

/// <summary>MOD091, MOD094, MOD095 and MOD096 for certificate and Sigstore keyless signatures, with CAs made in the test.</summary>
public sealed class CertificateSignatureTests
{
    private const string Email = "ml-release@example.org";
    private const string GitHubIssuer = "https://token.actions.githubusercontent.com";
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static TempDirectory ModelRepository()
    {
        var repo = new TempDirectory();
        repo.Write("models/m/model.safetensors", "{}");
        repo.Write("models/m/config.json", "{}\n");
        return repo;
    }

    private static string Folder(TempDirectory repo) => Path.Combine(repo.Path, "models", "m");

    private static async Task<IReadOnlyList<Finding>> ScanAsync(TempDirectory repo, params (string Key, object Value)[] settings)
    {
        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(settings), new FakeTimeProvider(Now));
        return [.. findings.Where(f => f.Rule.Id.StartsWith("MOD09", StringComparison.Ordinal))];
    }

    private static (X509Certificate2 Ca, ECDsa CaKey) Authority(TempDirectory repo, string name, string path)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ca = ModelSigner.CreateAuthority(name, key, Now.AddYears(-2), Now.AddYears(5));
        repo.Write(path, ca.ExportCertificatePem());
        return (ca, key);
    }

    [Test]
    public async Task Certificate_ChainsToConfiguredCa_ReportsNothing()
    {
        using var repo = ModelRepository();
        var (ca, caKey) = Authority(repo, "Example Model CA", "trust/ca.pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithCertificate(Folder(repo), ModelSigner.CreateSigner(ca, key, Email, Now.AddDays(-10), Now.AddDays(300)), key);

        var findings = await ScanAsync(repo, ("signature-ca-certificates", new[] { "trust/ca.pem" }), ("signature-identities", new[] { "*@example.org" }));

        Assert.That(findings, Is.Empty, string.Join("\n", findings.Select(f => f.Message)));
        caKey.Dispose();
    }

    [Test]
    public async Task Certificate_Expired_ReportsMod095()
    {
        using var repo = ModelRepository();
        var (ca, caKey) = Authority(repo, "Example Model CA", "trust/ca.pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithCertificate(Folder(repo), ModelSigner.CreateSigner(ca, key, Email, Now.AddYears(-1), Now.AddDays(-1)), key);

        var findings = await ScanAsync(repo, ("signature-ca-certificates", new[] { "trust/ca.pem" }));

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD095" }));
        Assert.That(findings[0].Message, Does.Contain(Email).And.Contain("not at 2026-06-01"));
        caKey.Dispose();
    }

    [Test]
    public async Task Certificate_FromAnotherCa_ReportsMod091()
    {
        using var repo = ModelRepository();
        Authority(repo, "Trusted CA", "trust/ca.pem").CaKey.Dispose();
        var (other, otherKey) = Authority(repo, "Attacker CA", "attacker/ca.pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithCertificate(Folder(repo), ModelSigner.CreateSigner(other, key, Email, Now.AddDays(-1), Now.AddDays(30)), key);

        var findings = await ScanAsync(repo, ("signature-ca-certificates", new[] { "trust/ca.pem" }));

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD091" }));
        otherKey.Dispose();
    }

    [Test]
    public async Task Certificate_SubjectNotAllowed_ReportsMod094()
    {
        using var repo = ModelRepository();
        var (ca, caKey) = Authority(repo, "Example Model CA", "trust/ca.pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithCertificate(Folder(repo), ModelSigner.CreateSigner(ca, key, "intern@example.net", Now.AddDays(-1), Now.AddDays(30)), key);

        var findings = await ScanAsync(repo, ("signature-ca-certificates", new[] { "trust/ca.pem" }), ("signature-identities", new[] { "*@example.org" }));

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD094" }));
        Assert.That(findings[0].Message, Does.Contain("intern@example.net"));
        caKey.Dispose();
    }

    [Test]
    public async Task Keyless_AllowedIdentityAndFulcioRootConfigured_ReportsSignerAndWhatWasNotVerifiedAsInfo()
    {
        // Given a Sigstore-style signature: a ten-minute certificate from a stand-in Fulcio root, logged at signing time
        using var repo = ModelRepository();
        var (fulcio, fulcioKey) = Authority(repo, "sigstore", "trust/fulcio.pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signedAt = Now.AddDays(-30);
        ModelSigner.SignKeyless(Folder(repo), ModelSigner.CreateSigner(fulcio, key, Email, signedAt.AddMinutes(-1), signedAt.AddMinutes(9), GitHubIssuer), key, signedAt);

        // When scanned with the identity and issuer allowed
        var findings = await ScanAsync(
            repo, ("signature-sigstore-roots", new[] { "trust/fulcio.pem" }), ("signature-identities", new[] { Email }), ("signature-oidc-issuers", new[] { GitHubIssuer }));

        // Then one info finding names the signer and says the transparency log was not checked
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Severity}"), Is.EqualTo(new[] { "MOD096 Info" }));
        Assert.That(findings[0].Message, Does.Contain($"by {Email} (issuer {GitHubIssuer})").And.Contain("Not verified: the transparency-log entry"));
        fulcioKey.Dispose();
    }

    [Test]
    public async Task Keyless_WithoutFulcioRoot_ReportsMod096Medium()
    {
        using var repo = ModelRepository();
        var (fulcio, fulcioKey) = Authority(repo, "sigstore", "trust/fulcio.pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignKeyless(Folder(repo), ModelSigner.CreateSigner(fulcio, key, Email, Now.AddMinutes(-5), Now.AddMinutes(5), GitHubIssuer), key, Now);

        var findings = await ScanAsync(repo, ("signature-identities", new[] { Email }));

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Severity}"), Is.EqualTo(new[] { "MOD096 Medium" }));
        Assert.That(findings[0].Message, Does.Contain("so the identity is only claimed"));
        fulcioKey.Dispose();
    }

    [Test]
    public async Task Keyless_OtherIdentityOrIssuer_ReportsMod094()
    {
        using var repo = ModelRepository();
        var (fulcio, fulcioKey) = Authority(repo, "sigstore", "trust/fulcio.pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignKeyless(Folder(repo), ModelSigner.CreateSigner(fulcio, key, "someone@gmail.com", Now.AddMinutes(-5), Now.AddMinutes(5), "https://accounts.google.com"), key, Now);

        var findings = await ScanAsync(
            repo, ("signature-sigstore-roots", new[] { "trust/fulcio.pem" }), ("signature-identities", new[] { Email }), ("signature-oidc-issuers", new[] { GitHubIssuer }));

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD094", "MOD094", "MOD096" }));
        fulcioKey.Dispose();
    }

    [Test]
    public async Task Keyless_NoIdentitiesConfigured_ReportsMod094()
    {
        using var repo = ModelRepository();
        var (fulcio, fulcioKey) = Authority(repo, "sigstore", "trust/fulcio.pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignKeyless(Folder(repo), ModelSigner.CreateSigner(fulcio, key, Email, Now.AddMinutes(-5), Now.AddMinutes(5), GitHubIssuer), key, Now);

        var findings = await ScanAsync(repo, ("signature-sigstore-roots", new[] { "trust/fulcio.pem" }));

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD094", "MOD096" }));
        Assert.That(findings[0].Message, Does.Contain("any Sigstore user can produce one"));
        fulcioKey.Dispose();
    }
}
