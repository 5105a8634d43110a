using System.Security.Cryptography;
using System.Text;

namespace MLSecOps.Core.Rules;

/// <summary>Computes fingerprints that survive line moves: a hash of rule, path and content key.</summary>
public static class FindingFingerprint
{
    /// <summary>Computes the fingerprint.</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <param name="path">The repository-relative path.</param>
    /// <param name="contentKey">The content key.</param>
    /// <returns>32 lower-case hex characters.</returns>
    public static string Compute(string ruleId, string path, string contentKey)
    {
        var bytes = Encoding.UTF8.GetBytes($"{ruleId}\n{path}\n{contentKey}");
        return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16));
    }
}
