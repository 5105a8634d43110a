namespace MLSecOps.Gates.DeployAudit.Tests;

public sealed class SecretMaskingTests
{
    private const string OpenAi = "sk-EXAMPLEabcdefghijklmnopqrstuvwx0123";
    private const string Password = "Tr0ub4dor-and-3";

    [TestCase("k8s.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ml}\nspec:\n  containers:\n    - name: c\n      image: x:1\n      env:\n        - name: OPENAI_API_KEY\n          value: " + OpenAi + "\n", OpenAi, 10)]
    [TestCase("k8s-args.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ml}\nspec:\n  containers:\n    - name: c\n      image: x:1\n      args: [\"--db-password\", \"" + Password + "\"]\n", Password, 8)]
    [TestCase("docker-compose.yml", "services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=" + Password + "\n", Password, 5)]
    [TestCase("Dockerfile", "FROM python:3.12\nENV OPENAI_API_KEY=" + OpenAi + "\nUSER 1000\n", OpenAi, 2)]
    public async Task RunAsync_LiteralSecret_ReportedWithoutTheRawValue(string path, string text, string secret, int line)
    {
        var findings = await GateRunner.RunAsync((path, text));

        var hit = findings.Single(f => f.Rule.Id == "DEP070");
        Assert.That(hit.Location.StartLine, Is.EqualTo(line));
        Assert.That(hit.Evidence, Does.EndWith("********"));
        foreach (var f in findings)
        {
            Assert.That(new[] { f.Message, f.Evidence ?? "", f.ContentKey, f.Location.LogicalPath ?? "" }, Has.None.Contains(secret));
        }
    }

    [Test]
    public async Task RunAsync_SecretShapedResourceAndContainerNames_AreMaskedInEveryField()
    {
        // Names are attacker-chosen: a token as metadata.name or a container name ends up in messages and logical paths.
        const string token = "ghp_EXAMPLE0123456789abcdefghijklmnopqrstu";
        var text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + token.ToLowerInvariant() + ", namespace: ml}\nspec:\n  template:\n    spec:\n"
            + "      containers:\n        - name: " + token + "\n          image: vllm/vllm-openai:latest\n          securityContext: {privileged: true}\n";

        var findings = await GateRunner.RunAsync(("deploy.yaml", text));

        Assert.That(findings, Is.Not.Empty);
        var fields = findings.SelectMany(f => new[] { f.Message, f.Evidence ?? "", f.Location.LogicalPath ?? "" }).ToList();
        Assert.That(fields, Has.None.Contains(token).And.None.Contains(token.ToLowerInvariant()));
        Assert.That(fields, Has.Some.Contains("ghp_********"));
    }

    [Test]
    public async Task RunAsync_SecretInConfigMapFile_ReportedAtItsLineWithoutTheRawValue()
    {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ml}\ndata:\n  app.ini: |\n    [db]\n    password = " + Password + "\n";

        var findings = await GateRunner.RunAsync(("cm.yaml", text));

        var hit = findings.Single(f => f.Rule.Id == "DEP071");
        Assert.That(hit.Location.StartLine, Is.EqualTo(7));
        Assert.That(new[] { hit.Message, hit.Evidence ?? "", hit.ContentKey, hit.Location.LogicalPath ?? "" }, Has.None.Contains(Password));
    }

    [Test]
    public async Task RunAsync_CommittedSecretData_DecodesAndReportsWithoutTheRawValue()
    {
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(OpenAi));
        var text = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ml}\ntype: Opaque\ndata:\n  api-key: " + encoded + "\n  placeholder: " + Convert.ToBase64String("${KEY}"u8.ToArray()) + "\n";

        var findings = await GateRunner.RunAsync(("secret.yaml", text));

        var hit = findings.Single(f => f.Rule.Id == "DEP071");
        Assert.That(hit.Location.StartLine, Is.EqualTo(6));
        Assert.That(new[] { hit.Message, hit.Evidence ?? "" }, Has.None.Contains(OpenAi).And.None.Contains(encoded));
    }

    [TestCase("${OPENAI_API_KEY}")]
    [TestCase("$(API_KEY)")]
    [TestCase("\"\"")]
    [TestCase("changeme")]
    [TestCase("/run/secrets/api_key")]
    public async Task RunAsync_PlaceholderOrReference_IsNotASecret(string value)
    {
        var findings = await GateRunner.RunAsync(("docker-compose.yml", $"services:\n  a:\n    image: x:1\n    environment:\n      API_KEY: {value}\n      TOKENIZERS_PARALLELISM: \"false-ish-value\"\n"));

        Assert.That(findings.Select(f => f.Rule.Id), Does.Not.Contain("DEP070"));
    }
}
