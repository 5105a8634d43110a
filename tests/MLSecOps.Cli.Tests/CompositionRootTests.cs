using MLSecOps.Cli.Scanning;
using MLSecOps.Core.Gates;

namespace MLSecOps.Cli.Tests;

/// <summary>The composition root defers building gates; what it says about a gate before building it must be what the gate says.</summary>
public sealed class CompositionRootTests
{
    private static CompositionRoot NewRoot() =>
        new(new CliHost { Environment = new Dictionary<string, string>(), Out = TextWriter.Null, Error = TextWriter.Null, WorkingDirectory = "." });

    [Test]
    public void Gates_AreNotBuiltUntilUsed()
    {
        var root = NewRoot();

        Assert.That(root.Gates.OfType<DeferredGate>().Count(g => g.IsBuilt), Is.Zero);
    }

    [Test]
    public void DeferredNames_EqualTheBuiltGates()
    {
        foreach (var deferred in NewRoot().Gates.Cast<DeferredGate>())
        {
            var built = deferred.Gate;
            Assert.Multiple(() =>
            {
                Assert.That(deferred.Name, Is.EqualTo(built.Name));
                Assert.That(deferred.Stage, Is.EqualTo(built.Stage), built.Name);
                Assert.That(deferred.Description, Is.EqualTo(built.Description), built.Name);
                Assert.That(deferred.Rules, Is.EqualTo(built.Rules), built.Name);
            });
        }
    }

    [Test]
    public async Task Version_BuildsNoGate()
    {
        CompositionRoot? seen = null;
        using var stdout = new StringWriter();
        var host = new CliHost { Environment = new Dictionary<string, string>(), Out = stdout, Error = TextWriter.Null, WorkingDirectory = "." };

        var code = await CliApplication.RunAsync(["--version"], host, root => seen = root);

        Assert.That(code, Is.Zero);
        Assert.That(stdout.ToString(), Is.Not.Empty);
        Assert.That(seen!.Gates.OfType<DeferredGate>().Where(g => g.IsBuilt).Select(g => g.Name), Is.Empty);
    }

    [Test]
    public async Task OneGateScan_BuildsOnlyThatGate()
    {
        CompositionRoot? seen = null;
        var folder = Directory.CreateTempSubdirectory("mlsecops-root-").FullName;
        try
        {
            var host = new CliHost { Environment = new Dictionary<string, string>(), Out = TextWriter.Null, Error = TextWriter.Null, WorkingDirectory = folder };

            var code = await CliApplication.RunAsync(["model-scan", ".", "--platform", "none"], host, root => seen = root);

            Assert.That(code, Is.Zero);
            Assert.That(seen!.Gates.OfType<DeferredGate>().Where(g => g.IsBuilt).Select(g => g.Name), Is.EqualTo(new[] { "model-scan" }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Gate_ReturnsTheBuiltGateOfThatType()
    {
        Assert.That(NewRoot().Gate<MLSecOps.Gates.ModelScan.ModelScanGate>(), Is.InstanceOf<IGate>());
    }
}
