namespace MLSecOps.Gates.DeployAudit.Dockerfiles;

/// <summary>The image reference and alias of a <c>FROM</c> line, flags skipped.</summary>
internal sealed record FromImage(string Image, string? Alias)
{
    /// <summary>Parses the arguments of <c>FROM [--platform=…] image [AS name]</c>.</summary>
    public static FromImage Parse(string arguments)
    {
        var words = arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        var image = words.Count > 0 ? words[0] : "";
        var alias = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
        return new FromImage(image, alias);
    }
}
