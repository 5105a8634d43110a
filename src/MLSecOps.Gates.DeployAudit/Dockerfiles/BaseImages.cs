using MLSecOps.Gates.DeployAudit.Images;

namespace MLSecOps.Gates.DeployAudit.Dockerfiles;

/// <summary>The base images a Dockerfile pulls: FROM images that are neither <c>scratch</c> nor an earlier stage.</summary>
internal static class BaseImages
{
    /// <summary>Returns whether <paramref name="image"/> is pulled from a registry.</summary>
    public static bool IsExternal(string image, IReadOnlySet<string> stageNames) =>
        image.Length > 0 && !image.Equals("scratch", StringComparison.OrdinalIgnoreCase) && !stageNames.Contains(image.ToLowerInvariant());

    /// <summary>Returns every FROM that pulls a literal (not <c>${VAR}</c>) external image, with its parsed reference.</summary>
    public static IEnumerable<(DockerInstruction From, string Image, ImageReference Reference)> Pulled(Dockerfile dockerfile)
    {
        var stages = dockerfile.StageNames;
        foreach (var from in dockerfile.Instructions.Where(i => i.Keyword == "FROM"))
        {
            var image = FromImage.Parse(from.Arguments).Image;
            if (IsExternal(image, stages) && ImageReference.Parse(image) is { IsVariable: false } reference)
            {
                yield return (from, image, reference);
            }
        }
    }
}
