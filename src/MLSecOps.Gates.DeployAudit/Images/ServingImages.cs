using MLSecOps.Core.Inventory;

namespace MLSecOps.Gates.DeployAudit.Images;

/// <summary>What the deploy audit tells the bill of materials: each container image the deployment configs run, with the
/// configs that name it and its digest where the reference pins one.</summary>
internal static class ServingImages
{
    private const string Sha256Prefix = "sha256:";

    /// <summary>Returns one asset per distinct image reference, sorted by reference.</summary>
    /// <param name="audits">What auditing each file produced.</param>
    /// <returns>The assets.</returns>
    public static IReadOnlyList<Asset> From(IEnumerable<FileAudit> audits) =>
    [
        .. audits
            .SelectMany(a => a.Resources.SelectMany(r => r.Images.Select(i => (Image: i, r.Manifest.Path))).Concat(a.Images.Select(i => (Image: (string?)i, a.Path))))
            .Where(x => !string.IsNullOrWhiteSpace(x.Image))
            .Select(x => (Reference: ImageReference.Parse(x.Image!), x.Path))
            .Where(x => !x.Reference.IsVariable)
            .GroupBy(x => x.Reference.Text, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ToAsset(g.First().Reference, [.. g.Select(x => x.Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)])),
    ];

    private static Asset ToAsset(ImageReference image, IReadOnlyList<string> files)
    {
        var pinned = image.Digest is { } digest && digest.StartsWith(Sha256Prefix, StringComparison.Ordinal) && digest.Length == Sha256Prefix.Length + 64;
        return new Asset
        {
            Kind = AssetKind.ContainerImage,
            Key = image.Text,
            Files = files,
            Name = image.QualifiedName,
            Version = image.Tag,
            Hashes = pinned ? new Dictionary<string, string> { [FileDigest.Sha256] = image.Digest![Sha256Prefix.Length..].ToLowerInvariant() } : new Dictionary<string, string>(),
            Properties = new Dictionary<string, string> { ["digest-pinned"] = pinned ? "true" : "false" },
        };
    }
}
