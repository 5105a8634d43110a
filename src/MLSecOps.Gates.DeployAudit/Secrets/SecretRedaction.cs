using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DeployAudit.Secrets;

/// <summary>Masks every known token shape in text that reaches a finding, whatever field of the manifest it came from.</summary>
/// <remarks>Names are attacker-chosen too: a <c>metadata.name</c>, a container or service name shaped like a token would
/// otherwise be printed in messages and logical paths (<c>Deployment/ghp_… &gt; spec…</c>) unmasked.</remarks>
internal static class SecretRedaction
{
    private const int MaxSecretsPerText = 64;

    /// <summary>Returns <paramref name="text"/> with every known token shape masked, or <see langword="null"/> for <see langword="null"/>.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        // A masked value keeps at most four characters, so it never matches a shape again and the loop ends.
        for (var i = 0; i < MaxSecretsPerText && SecretDetector.KnownShape(text) is { } match; i++)
        {
            text = SecretMasker.MaskIn(text, match.Secret);
        }

        return text;
    }
}
