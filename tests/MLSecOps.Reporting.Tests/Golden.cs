using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests;

/// <summary>Compares output with a committed golden file; set MLSECOPS_UPDATE_GOLDEN=1 to rewrite the file instead.</summary>
internal static class Golden
{
    public static void AssertMatches(string relative, string actual)
    {
        var path = FixturePaths.Of(Path.Combine("reporting", relative));
        var normalised = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("MLSECOPS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, normalised);
            Assert.Inconclusive($"Golden file {relative} rewritten.");
        }

        Assert.That(File.Exists(path), Is.True, $"Golden file {path} is missing; run the tests once with MLSECOPS_UPDATE_GOLDEN=1.");
        Assert.That(normalised, Is.EqualTo(File.ReadAllText(path).ReplaceLineEndings("\n")), $"Output differs from {relative}.");
    }
}
