namespace MLSecOps.Gates.DeployAudit.Dockerfiles;

/// <summary>A parsed Dockerfile: its instructions and, for each build stage, the index of its <c>FROM</c>.</summary>
internal sealed class Dockerfile
{
    public Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    /// <summary>Gets the repository-relative path.</summary>
    public string Path { get; }

    /// <summary>Gets the instructions in order.</summary>
    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>Gets the instructions of the final stage (from its <c>FROM</c> on).</summary>
    public IEnumerable<DockerInstruction> FinalStage
    {
        get
        {
            var last = -1;
            for (var i = 0; i < Instructions.Count; i++)
            {
                if (Instructions[i].Keyword == "FROM")
                {
                    last = i;
                }
            }

            return last < 0 ? [] : Instructions.Skip(last);
        }
    }

    /// <summary>Gets the names given to stages with <c>FROM … AS name</c>, lower case.</summary>
    public IReadOnlySet<string> StageNames =>
        Instructions.Where(i => i.Keyword == "FROM").Select(i => FromImage.Parse(i.Arguments).Alias).OfType<string>()
            .Select(a => a.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
}
