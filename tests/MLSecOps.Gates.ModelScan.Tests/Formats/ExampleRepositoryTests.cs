using MLSecOps.Core.Rules;
using MLSecOps.TestKit;
using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

public sealed class ExampleRepositoryTests
{
    private static readonly string Models = Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo", "models");

    [Test]
    public async Task Analyze_ExampleModels_FindsExactlyThePlantedProblems()
    {
        var findings = new List<Finding>();
        foreach (var folder in new[] { "chat", "classifier", "encoder", "keras-lambda" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Models, folder)).Order(StringComparer.Ordinal))
            {
                findings.AddRange(await FormatScan.FileAsync(Models, Path.GetRelativePath(Models, file).Replace('\\', '/')));
            }
        }

        Assert.That(findings.Select(f => $"{f.Location.Path}:{f.Rule.Id}@{f.Location.LogicalPath}"), Is.EqualTo(new[]
        {
            "chat/tokenizer_config.json:MOD071@chat_template",
            "keras-lambda/model.keras:MOD050@config.json/config.layers[1]",
        }));
    }
}
