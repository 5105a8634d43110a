using System.Security.Cryptography;
using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

/// <summary>The <c>verify</c> verb as a deployment gate: 0 verified, 1 verification failed, 2 usage error.</summary>
public sealed class VerifyCommandTests
{
    private const string Policy = "version: 1\ngates:\n  model-scan:\n    paths: [\"models/**\"]\n    lockfile: models.lock\n    require-signature: true\n    signature-public-keys: [keys/release.pub]\n  data-check:\n    lockfile: models.lock\n";

    private static async Task<TempDirectory> ReleasedRepositoryAsync(ECDsa key)
    {
        var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Write(".mlsecops.yml", Policy);
        repo.Write("keys/release.pub", key.ExportSubjectPublicKeyInfoPem());
        repo.Copy(FixturePaths.Of("model-scan/benign/state_dict.pt"), "models/clf/model.pt");
        repo.Write("models/clf/config.json", "{}\n");
        repo.Write("data/train.csv", "id,label\n1,cat\n");
        ModelSigner.SignWithKey(Path.Combine(repo.Path, "models", "clf"), key);
        var locked = await CliRun.InvokeAsync(repo.Path, null, null, "model-scan", ".", "--write-lock", "--platform", "none");
        Assert.That(locked.ExitCode, Is.EqualTo(0), locked.Out + locked.Error);
        return repo;
    }

    [Test]
    public async Task Verify_LockedAndSigned_ExitsZero()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var repo = await ReleasedRepositoryAsync(key);

        var run = await CliRun.InvokeAsync(repo.Path, null, null, "verify", ".", "--platform", "none");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
        Assert.That(run.Out + run.Error, Does.Contain("verifying ."));
    }

    [Test]
    public async Task Verify_ModelAndDataChangedAfterRelease_ExitsOneNamingEachFile()
    {
        // Given a released repository whose model weights and training data are then swapped
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var repo = await ReleasedRepositoryAsync(key);
        repo.Copy(FixturePaths.Of("model-scan/benign/zip64_state_dict.pt"), "models/clf/model.pt");
        repo.Write("data/train.csv", "id,label\n1,dog\n");

        // When verified, with JSON for the release log
        var run = await CliRun.InvokeAsync(repo.Path, null, null, "verify", ".", "--platform", "none", "--json", "verify.json");

        // Then the lock and the signature both catch the model, the lock catches the data, and the gate fails
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out);
        Assert.That(run.Out, Does.Contain("MOD019 models/clf/model.pt").And.Contain("MOD092 models/clf/model.pt").And.Contain("DAT080 data/train.csv"));
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "verify.json")), Does.Contain("\"MOD092\""));
    }

    [Test]
    public async Task Verify_SignedByAnotherKey_ExitsOne()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var repo = await ReleasedRepositoryAsync(key);
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelSigner.SignWithKey(Path.Combine(repo.Path, "models", "clf"), attacker);

        var run = await CliRun.InvokeAsync(repo.Path, null, null, "verify", ".", "--platform", "none");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Out, Does.Contain("MOD094 models/clf/model.sig"));
    }

    [Test]
    public async Task Verify_DoesNotAnalyseContent_OnlyIntegrity()
    {
        // Given a repository with no lock or signature settings and a pickle that runs code
        using var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Copy(FixturePaths.Of("model-scan/benign/state_dict.pt"), "models/model.pt");

        // When verified
        var run = await CliRun.InvokeAsync(repo.Path, null, null, "verify", ".", "--platform", "none");

        // Then nothing is claimed about content: there is nothing to verify against, so it passes
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
    }

    [TestCase("verify", "missing-folder")]
    [TestCase("verify", ".", "--policy", "nope.yml")]
    public async Task Verify_UsageError_ExitsTwo(params string[] args)
    {
        using var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");

        var run = await CliRun.InvokeAsync(repo.Path, null, null, args);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Out + run.Error);
        Assert.That(run.Error, Does.StartWith("mlsecops: "));
    }
}
