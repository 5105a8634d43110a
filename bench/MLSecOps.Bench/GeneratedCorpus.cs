namespace MLSecOps.Bench;

/// <summary>A corpus folder generated once under the corpus root; a half-written one from an interrupted run is redone.</summary>
internal static class GeneratedCorpus
{
    /// <summary>Returns <c>corpusRoot/name</c>, calling <paramref name="generate"/> on a fresh folder first when it is missing.</summary>
    public static async Task<string> PrepareAsync(string corpusRoot, string name, Func<string, CancellationToken, Task> generate, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(corpusRoot, name);
        if (!Directory.Exists(folder))
        {
            var partial = folder + ".partial";
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            Directory.CreateDirectory(partial);
            await generate(partial, cancellationToken).ConfigureAwait(false);
            Directory.Move(partial, folder);
        }

        return folder;
    }
}
