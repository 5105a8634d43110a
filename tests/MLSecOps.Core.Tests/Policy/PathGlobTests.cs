using MLSecOps.Core.Policy;

namespace MLSecOps.Core.Tests.Policy;

/// <summary>The batch match gives exactly what matching each path on its own gives.</summary>
public sealed class PathGlobTests
{
    private static readonly string[] s_paths =
    [
        "deploy/app.yaml", "deploy/nested/deeper/svc.yml", "models/model.pkl", "models/sub/model.safetensors",
        "Dockerfile", "serving/Dockerfile.gpu", "dir with space/x.yaml", "back\\slash.yaml", "ünïcödé/x.yaml",
        ".hidden/x.yaml", "a/./b.yaml", "a/b.yaml", "a//c.yaml", "README.md", "charts/web/templates/deploy.yaml",
        "trailing.yaml.bak", "x.YAML",
    ];

    private static IEnumerable<TestCaseData> GlobSets()
    {
        yield return new TestCaseData(new[] { "**/*.yaml", "**/*.yml" }, Array.Empty<string>());
        yield return new TestCaseData(new[] { "**" }, new[] { "**/templates/**", "models/**" });
        yield return new TestCaseData(new[] { "models/**/*.pkl", "**/Dockerfile*" }, new[] { "serving/**" });
        yield return new TestCaseData(new[] { "a/*.yaml", "*.yaml" }, new[] { "back*" });
        yield return new TestCaseData(Array.Empty<string>(), Array.Empty<string>());
    }

    [TestCaseSource(nameof(GlobSets))]
    public void Matching_EqualsIsMatchPerPath(string[] include, string[] exclude)
    {
        var glob = new PathGlob(include, exclude);

        var batch = glob.Matching(s_paths);

        Assert.That(batch, Is.EquivalentTo(s_paths.Where(glob.IsMatch).Distinct()));
    }

    [Test]
    public void Matching_ManyPaths_EqualsIsMatchPerPath()
    {
        var paths = Enumerable.Range(0, 3_000).Select(i => $"k8s/team{i % 17}/app{i}.{(i % 3 == 0 ? "yaml" : "json")}").ToList();
        var glob = new PathGlob(["k8s/**/*.yaml"], ["k8s/team3/**"]);

        Assert.That(glob.Matching(paths), Is.EquivalentTo(paths.Where(glob.IsMatch)));
    }
}
