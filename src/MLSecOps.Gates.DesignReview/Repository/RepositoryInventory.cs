using MLSecOps.Core.Gates;

namespace MLSecOps.Gates.DesignReview.Repository;

/// <summary>The models, data sets and serving configurations among the gate's files, and the folders that hold them.</summary>
internal sealed class RepositoryInventory
{
    private RepositoryInventory(IReadOnlyList<(ScanFile File, ArtifactKind Kind)> artifacts) => Artifacts = artifacts;

    /// <summary>Gets every tracked file with its kind, in path order.</summary>
    public IReadOnlyList<(ScanFile File, ArtifactKind Kind)> Artifacts { get; }

    /// <summary>Gets whether the repository holds anything that needs a threat model.</summary>
    public bool HoldsMlArtifacts => Artifacts.Count > 0;

    /// <summary>Gets the repository-relative folders holding model files (the root is <c>.</c>).</summary>
    public IReadOnlyList<string> ModelFolders => Folders(ArtifactKind.Model);

    /// <summary>Gets the repository-relative folders holding data files.</summary>
    public IReadOnlyList<string> DataFolders => Folders(ArtifactKind.Data);

    /// <summary>Builds the inventory of a gate's files.</summary>
    /// <param name="files">The files.</param>
    /// <returns>The inventory.</returns>
    public static RepositoryInventory Of(IEnumerable<ScanFile> files) =>
        new([.. files.Select(f => (f, ArtifactClassifier.Classify(f.RelativePath))).Where(a => a.Item2 != ArtifactKind.Other).OrderBy(a => a.f.RelativePath, StringComparer.Ordinal)]);

    /// <summary>Returns the first file of a kind under a folder.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="folder">The repository-relative folder.</param>
    /// <returns>The file.</returns>
    public ScanFile FirstIn(ArtifactKind kind, string folder) =>
        Artifacts.First(a => a.Kind == kind && FolderOf(a.File.RelativePath) == folder).File;

    /// <summary>Returns the folder of a repository-relative path (<c>.</c> at the root).</summary>
    /// <param name="relativePath">The path.</param>
    /// <returns>The folder.</returns>
    public static string FolderOf(string relativePath) => relativePath.LastIndexOf('/') is var i and > 0 ? relativePath[..i] : ".";

    private List<string> Folders(ArtifactKind kind) =>
        [.. Artifacts.Where(a => a.Kind == kind).Select(a => FolderOf(a.File.RelativePath)).Distinct(StringComparer.Ordinal)];
}
