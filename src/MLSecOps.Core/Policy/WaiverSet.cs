namespace MLSecOps.Core.Policy;

/// <summary>The policy's waivers compiled for matching: by rule id and scan-relative path.</summary>
public sealed class WaiverSet
{
    private readonly List<(Waiver Waiver, PathGlob? Glob)> _waivers;

    /// <summary>Initializes a new instance of the <see cref="WaiverSet"/> class.</summary>
    /// <param name="waivers">The waivers, in file order.</param>
    public WaiverSet(IEnumerable<Waiver> waivers) =>
        _waivers = [.. waivers.Select(w => (w, w.Paths.Count == 0 ? null : new PathGlob(w.Paths, [])))];

    /// <summary>Gets every waiver.</summary>
    public IEnumerable<Waiver> All => _waivers.Select(w => w.Waiver);

    /// <summary>Returns the first waiver that covers a rule at a path, active or not.</summary>
    /// <param name="ruleId">The finding's rule id.</param>
    /// <param name="scanRelativePath">The finding's path relative to the scanned folder.</param>
    /// <returns>The waiver, or <see langword="null"/>.</returns>
    /// <remarks>A loop: this runs for every finding of the scan, and a LINQ closure per call was most of the policy step's allocation.</remarks>
    public Waiver? Find(string ruleId, string scanRelativePath)
    {
        foreach (var (waiver, glob) in _waivers)
        {
            if (waiver.Rule == ruleId && (glob is null || glob.IsMatch(scanRelativePath)))
            {
                return waiver;
            }
        }

        return null;
    }
}
