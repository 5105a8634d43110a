namespace MLSecOps.Gates.DeployAudit.Dockerfiles;

/// <summary>Tells external base images from <c>scratch</c> and earlier build stages.</summary>
internal static class BaseImages
{
    /// <summary>Returns whether <paramref name="image"/> is pulled from a registry.</summary>
    public static bool IsExternal(string image, IReadOnlySet<string> stageNames) =>
        image.Length > 0 && !image.Equals("scratch", StringComparison.OrdinalIgnoreCase) && !stageNames.Contains(image.ToLowerInvariant());
}
