using MLSecOps.Gates.ModelScan.Pickle;

namespace MLSecOps.Gates.ModelScan.Tests.Pickle;

/// <summary>Default deny with a severity denylist: aliases, submodules, dotted names and policy extensions.</summary>
public class PickleGlobalPolicyTests
{
    [TestCase("torch._utils", "_rebuild_tensor_v2", PickleGlobalVerdict.Allowed)]
    [TestCase("collections", "OrderedDict", PickleGlobalVerdict.Allowed)]
    [TestCase("torch.nn.modules.linear", "Linear", PickleGlobalVerdict.Allowed)]
    [TestCase("numpy._core.multiarray", "_reconstruct", PickleGlobalVerdict.Allowed)]
    [TestCase("sklearn.ensemble._forest", "RandomForestClassifier", PickleGlobalVerdict.Allowed)]
    [TestCase("sklearn.utils._joblib", "load", PickleGlobalVerdict.Unknown)]
    [TestCase("posix", "system", PickleGlobalVerdict.Dangerous)]
    [TestCase("nt", "system", PickleGlobalVerdict.Dangerous)]
    [TestCase("_pickle", "loads", PickleGlobalVerdict.Dangerous)]
    [TestCase("asyncio.unix_events", "_UnixSubprocessTransport", PickleGlobalVerdict.Dangerous)]
    [TestCase("_operator", "attrgetter", PickleGlobalVerdict.Dangerous)]
    [TestCase("torch.storage", "_load_from_bytes", PickleGlobalVerdict.Dangerous)]
    [TestCase("builtins", "getattr", PickleGlobalVerdict.Dangerous)]
    [TestCase("builtins", "print", PickleGlobalVerdict.Unknown)]
    [TestCase("pathlib", "os.system", PickleGlobalVerdict.Dangerous)]
    [TestCase("numpy", "__builtins__", PickleGlobalVerdict.Traversal)]
    [TestCase("__main__", "MyNet", PickleGlobalVerdict.Unknown)]
    [TestCase("torch.nn.modules.module", "warnings.warn", PickleGlobalVerdict.Unknown)]
    [TestCase("torch.serialization", "_get_layout", PickleGlobalVerdict.Allowed)]
    [TestCase("torch.serialization", "load", PickleGlobalVerdict.Dangerous)]
    [TestCase("__torch__", "Model", PickleGlobalVerdict.Unknown)]
    public void Judge_BuiltInPolicy_ReturnsVerdict(string module, string name, object expected)
    {
        Assert.That(PickleGlobalPolicy.Default.Judge(module, name), Is.EqualTo(expected));
    }

    [Test]
    public void Judge_AllowedGlobalsExtension_AllowsNamedAndWildcard()
    {
        // Given a policy extension that allows one class and a whole module, and tries to allow os.system
        var policy = new PickleGlobalPolicy(new Dictionary<string, IReadOnlyList<string>>
        {
            ["mypkg.models"] = ["MyNet"],
            ["mypkg.layers"] = ["*"],
            ["os"] = ["system"],
        });

        // Then the named class, the module and its submodules are allowed, other names are not, and the denylist still wins
        Assert.Multiple(() =>
        {
            Assert.That(policy.Judge("mypkg.models", "MyNet"), Is.EqualTo(PickleGlobalVerdict.Allowed));
            Assert.That(policy.Judge("mypkg.models", "Other"), Is.EqualTo(PickleGlobalVerdict.Unknown));
            Assert.That(policy.Judge("mypkg.layers.attention", "Block"), Is.EqualTo(PickleGlobalVerdict.Allowed));
            Assert.That(policy.Judge("os", "system"), Is.EqualTo(PickleGlobalVerdict.Dangerous));
        });
    }

    [Test]
    public void Judge_TorchScriptPolicy_AllowsTorchScriptTypes()
    {
        Assert.That(PickleGlobalPolicy.Default.ForTorchScript().Judge("__torch__.model", "Net"), Is.EqualTo(PickleGlobalVerdict.Allowed));
    }
}
