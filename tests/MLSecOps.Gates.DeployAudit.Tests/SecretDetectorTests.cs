using MLSecOps.Gates.DeployAudit.Secrets;

namespace MLSecOps.Gates.DeployAudit.Tests;

public sealed class SecretDetectorTests
{
    [TestCase("HF_TOKEN", true)]
    [TestCase("OPENAI_API_KEY", true)]
    [TestCase("dbPassword", true)]
    [TestCase("AWS_SECRET_ACCESS_KEY", true)]
    [TestCase("TOKENIZERS_PARALLELISM", false)]
    [TestCase("MAX_TOTAL_TOKENS", false)]
    [TestCase("DB_PASSWORD_FILE", false)]
    [TestCase("API_KEY_SECRET_NAME", false)]
    public void NameSuggestsSecret_Name_MatchesWordWise(string name, bool expected) =>
        Assert.That(SecretDetector.NameSuggestsSecret(name), Is.EqualTo(expected));

    [TestCase("AKIAEXAMPLE000000000", "AWS access key id")]
    [TestCase("ghp_EXAMPLEabcdefghijklmnopqrstuvwxyz0123", "GitHub token")]
    [TestCase("xoxb-1234567890-EXAMPLE", "Slack token")]
    [TestCase("-----BEGIN RSA PRIVATE KEY-----", "private key block")]
    [TestCase("postgresql://mlflow:s3cretPw@db:5432/mlflow", "password in a URL")]
    public void KnownShape_Token_IsRecognisedAnywhere(string value, string kind) =>
        Assert.That(SecretDetector.KnownShape("prefix " + value + " suffix")?.Kind, Is.EqualTo(kind));

    [TestCase("postgresql://mlflow@db/mlflow")]
    [TestCase("postgresql://mlflow:${PGPASSWORD}@db/mlflow")]
    [TestCase("https://huggingface.co/Qwen/Qwen2.5-7B")]
    public void KnownShape_UrlWithoutLiteralPassword_IsNotASecret(string value) =>
        Assert.That(SecretDetector.KnownShape(value), Is.Null);
}
