using MLSecOps.Core.Policy;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Core.Tests.Policy;

public sealed class BaselineTests
{
    [Test]
    public void SaveThenLoad_RoundTripsFingerprints()
    {
        using var dir = new TempDirectory();
        var finding = Finding.Create(TestGate.Rule, new Location("a.csv", 4), "m", "key");
        var path = Path.Combine(dir.Path, "baseline.json");
        using (var stream = File.Create(path))
        {
            Baseline.From([finding]).Save(stream);
        }

        var loaded = Baseline.Load(path, "baseline.json");

        Assert.That(loaded.Contains(finding with { Location = new Location("a.csv", 40) }), Is.True);
        Assert.That(loaded.Contains(finding with { ContentKey = "other" }), Is.False);
    }

    [Test]
    public void Load_MalformedJson_NamesFileAndLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("b.json", "{\n  \"version\": 1,\n  \"findings\": [ oops ]\n}");

        var error = Assert.Throws<PolicyException>(() => Baseline.Load(path, "b.json"))!;

        Assert.That(error.Message, Does.StartWith("b.json:3:"));
    }

    [Test]
    public void Load_MissingFile_SaysHowToCreateIt()
    {
        var error = Assert.Throws<PolicyException>(() => Baseline.Load("/nonexistent/b.json", "b.json"))!;

        Assert.That(error.Message, Is.EqualTo("b.json: baseline file not found; create it with 'mlsecops baseline PATH -o b.json'"));
    }
}
