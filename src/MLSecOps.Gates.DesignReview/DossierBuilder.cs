using System.Text;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;
using MLSecOps.Core.Reviews;
using MLSecOps.Gates.DesignReview.Cards;
using MLSecOps.Gates.DesignReview.Repository;
using MLSecOps.Gates.DesignReview.ThreatModel;
using MLSecOps.Gates.DesignReview.Yaml;

namespace MLSecOps.Gates.DesignReview;

/// <summary>Gathers the dossier: reads the threat model and cards (bounded), asks git and the review source.</summary>
/// <param name="reviews">Where pull-request reviews come from, if anywhere.</param>
internal sealed class DossierBuilder(IChangeReviewSource? reviews)
{
    /// <summary>The largest threat model read.</summary>
    public const long MaxThreatModelBytes = 1024 * 1024;

    private static readonly string[] s_cardNames = ["README.md", "MODEL_CARD.md", "DATASET_CARD.md", "DATA_CARD.md"];

    /// <summary>Builds the dossier of one run.</summary>
    /// <param name="context">The gate context.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The dossier.</returns>
    public async Task<DesignDossier> BuildAsync(GateContext context, CancellationToken cancellationToken)
    {
        var settings = DesignReviewSettings.From(context.Settings);
        var inventory = RepositoryInventory.Of(context.Files);
        var threatModelFull = context.ResolveInRepository(settings.ThreatModel) ?? Path.Combine(context.ScanRoot, DesignReviewSettings.DefaultThreatModel);
        var threatModelPath = context.ToRelativePath(threatModelFull);
        var dossier = new DesignDossier { Context = context, Settings = settings, Inventory = inventory, ThreatModelPath = threatModelPath };
        if (File.Exists(threatModelFull))
        {
            dossier = await WithThreatModelAsync(dossier, threatModelFull, cancellationToken).ConfigureAwait(false);
        }

        dossier = dossier with
        {
            ModelCards = await CardsAsync(context, settings.ModelCards, inventory, ArtifactKind.Model, cancellationToken).ConfigureAwait(false),
            DataCards = await CardsAsync(context, settings.DataCards, inventory, ArtifactKind.Data, cancellationToken).ConfigureAwait(false),
        };
        if (dossier.ThreatModelFound)
        {
            var covered = CoveredPaths(dossier);
            dossier = dossier with
            {
                ThreatModelCommitted = await GitHistory.LastCommitAsync(context.RepositoryRoot, [threatModelPath], cancellationToken).ConfigureAwait(false),
                ArtifactsCommitted = await GitHistory.LastCommitAsync(context.RepositoryRoot, covered, cancellationToken).ConfigureAwait(false),
            };
        }

        var signOffGlobs = settings.SignOffPaths.Count == 0 ? null : new PathGlob(settings.SignOffPaths, []);

        // The checkout is the pull request's result: when it holds no model, data, serving config or threat model, no change
        // of this pull request can need a sign-off, so the platform is not asked (and an unreachable API cannot block it).
        var holdsReviewedFiles = dossier.ThreatModelFound || context.Files.Any(f => NeedsSignOff(f.RelativePath, threatModelPath, signOffGlobs));
        if (settings.RequireSignOff && reviews is not null && holdsReviewedFiles)
        {
            var review = await reviews.GetAsync(settings.Approvers, cancellationToken).ConfigureAwait(false);
            dossier = dossier with
            {
                Review = review,
                SignOffChanges = [.. review.ChangedPaths.Where(p => NeedsSignOff(p, threatModelPath, signOffGlobs))],
            };
        }

        return dossier;
    }

    private static bool NeedsSignOff(string path, string threatModelPath, PathGlob? globs) =>
        path == threatModelPath || ArtifactClassifier.Classify(path) != ArtifactKind.Other || globs?.IsMatch(path) == true;

    private static List<string> CoveredPaths(DesignDossier dossier)
    {
        var prefix = dossier.Context.ToRelativePath(dossier.Context.ScanRoot) is var scan and not "." ? scan + "/" : "";
        var declared = dossier.ThreatModel?.Assets.SelectMany(a => a.Paths).Select(p => ":(glob)" + prefix + p).ToList() ?? [];
        return declared.Count > 0 ? declared : [.. dossier.Inventory.ModelFolders.Concat(dossier.Inventory.DataFolders).Distinct()];
    }

    private static async Task<DesignDossier> WithThreatModelAsync(DesignDossier dossier, string fullPath, CancellationToken cancellationToken)
    {
        var text = await ReadBoundedAsync(fullPath, MaxThreatModelBytes, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return dossier with { ThreatModelFound = true, ThreatModelError = new YamlParseError($"the file is larger than {MaxThreatModelBytes} bytes or not UTF-8 text", 1, 1) };
        }

        var (yaml, error) = YamlJsonDocument.Parse(text);
        if (yaml is null)
        {
            return dossier with { ThreatModelFound = true, ThreatModelError = error };
        }

        return dossier with
        {
            ThreatModelFound = true,
            ThreatModel = ThreatModelDocument.From(dossier.ThreatModelPath, text, yaml),
            SchemaViolations = ThreatModelSchema.Validate(yaml),
        };
    }

    private static async Task<IReadOnlyList<CardReference>> CardsAsync(
        GateContext context, IReadOnlyList<string> configured, RepositoryInventory inventory, ArtifactKind kind, CancellationToken cancellationToken)
    {
        var expected = configured.Count > 0
            ? configured.Select(c => (Full: context.ResolveInRepository(c), Covers: (IReadOnlyList<string>)[], First: c))
                .Where(c => c.Full is not null).Select(c => (c.Full!, c.Covers, context.ToRelativePath(c.Full!))).ToList()
            : Discover(context, inventory, kind);
        var cards = new List<CardReference>();
        foreach (var (full, covers, first) in expected)
        {
            var path = context.ToRelativePath(full);
            if (!File.Exists(full))
            {
                cards.Add(new CardReference(path, covers, first, null, null));
                continue;
            }

            var text = await ReadBoundedAsync(full, CardDocument.MaxBytes, cancellationToken).ConfigureAwait(false);
            cards.Add(text is null
                ? new CardReference(path, covers, first, null, $"the card is larger than {CardDocument.MaxBytes} bytes or not UTF-8 text")
                : new CardReference(path, covers, first, CardDocument.Parse(path, text), null));
        }

        return cards;
    }

    private static List<(string Full, IReadOnlyList<string> Covers, string First)> Discover(GateContext context, RepositoryInventory inventory, ArtifactKind kind)
    {
        var folders = kind == ArtifactKind.Model ? inventory.ModelFolders : inventory.DataFolders;
        return [.. folders
            .Select(folder => (Folder: folder, Card: FindCard(context, folder) ?? Path.Combine(context.RepositoryRoot, folder == "." ? "" : folder, "README.md")))
            .GroupBy(x => x.Card, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(x => x.Folder)], inventory.FirstIn(kind, g.First().Folder).RelativePath))];
    }

    /// <summary>Finds the card of a folder: a card file in it or in the nearest parent below the scanned folder.</summary>
    /// <remarks>The scanned folder's own README is the project's, not a model's: it counts only for files directly in it.</remarks>
    private static string? FindCard(GateContext context, string folder)
    {
        var scanRoot = Path.GetFullPath(context.ScanRoot).TrimEnd(Path.DirectorySeparatorChar);
        var current = Path.GetFullPath(Path.Combine(context.RepositoryRoot, folder == "." ? "" : folder)).TrimEnd(Path.DirectorySeparatorChar);
        var atRoot = current == scanRoot;
        while (current.StartsWith(scanRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) || (atRoot && current == scanRoot))
        {
            var card = s_cardNames.Select(n => Path.Combine(current, n)).FirstOrDefault(File.Exists);
            if (card is not null || current == scanRoot)
            {
                return card;
            }

            current = Path.GetDirectoryName(current)!;
        }

        return null;
    }

    private static async Task<string?> ReadBoundedAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > maxBytes)
            {
                return null;
            }

            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (Exception ex) when (ex is DecoderFallbackException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
