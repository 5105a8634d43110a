using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

/// <summary>The planted secrets of the example repository never reach any output: console, annotations, SARIF, JSON, summaries, outputs.</summary>
public sealed class SecretLeakTests
{
    private static readonly string[] s_plantedSecrets =
    [
        "hf_EXAMPLEabcdefghijklmnopqrstuvwxyz0123",
        "sk-EXAMPLE0123456789abcdefghijklmnop",
        "wJalrEXAMPLEKEYwJalrEXAMPLEKEY",
    ];

    // The personal data and key planted in examples/ml-repo/data (data-check).
    private static readonly string[] s_plantedData =
    [
        "jane.doe@gmail.com",
        "4111 1111 1111 1111",
        "536-22-8745",
        "AKIAZ7Q3KJ5D2PSWLN4X",
    ];

    [Test]
    public async Task Scan_Example_NoOutputContainsAPlantedSecret()
    {
        // Given the example scanned as a GitHub action would, with every file output
        using var outputs = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = Path.Combine(outputs.Path, "output"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(outputs.Path, "step-summary.md"),
        };
        var example = Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo");
        foreach (var secret in s_plantedSecrets)
        {
            Assert.That(Directory.EnumerateFiles(Path.Combine(example, "deploy"), "*", SearchOption.AllDirectories).Any(f => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal)), Is.True, $"{secret} is no longer planted");
        }

        foreach (var value in s_plantedData)
        {
            Assert.That(File.ReadAllText(Path.Combine(example, "data", "support-tickets.jsonl")), Does.Contain(value), $"{value[..4]}… is no longer planted");
        }

        // When
        var run = await CliRun.InvokeAsync(
            FixturePaths.RepositoryRoot,
            environment,
            null,
            "scan",
            example,
            "--sarif",
            Path.Combine(outputs.Path, "out.sarif"),
            "--json",
            Path.Combine(outputs.Path, "out.json"),
            "--summary",
            Path.Combine(outputs.Path, "out.md"));

        // Then the scan blocks on the secrets but prints none of them anywhere
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Out, Does.Contain("DEP070"));
        Assert.That(run.Out, Does.Contain("DAT020").And.Contain("DAT012").And.Contain("DAT014").And.Contain("DAT010"));
        var everything = run.Out + run.Error + string.Concat(Directory.EnumerateFiles(outputs.Path).Select(File.ReadAllText));
        foreach (var secret in s_plantedSecrets)
        {
            Assert.That(everything, Does.Not.Contain(secret[4..^4]), $"{secret[..4]}… leaked");
        }

        foreach (var value in s_plantedData)
        {
            Assert.That(everything, Does.Not.Contain(value).And.Not.Contain(value.Replace(" ", "", StringComparison.Ordinal)).And.Not.Contain(value[4..]), $"{value[..4]}… leaked");
        }
    }
}
