using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Secrets;
using MLSecOps.Gates.DeployAudit.Suppressions;

namespace MLSecOps.Gates.DeployAudit;

/// <summary>Turns hits into findings: locations, logical paths, content keys, in-source suppressions, and DEP003 for ignores without a reason.</summary>
internal sealed class FindingAssembler
{
    private readonly Dictionary<string, InlineIgnores> _comments;
    private readonly Dictionary<Manifest, IReadOnlyList<IgnoreDirective>> _annotations;
    private readonly IReadOnlyList<FileAudit> _audits;

    public FindingAssembler(IReadOnlyList<FileAudit> audits, IReadOnlyList<ClusterResource> resources)
    {
        _audits = audits;
        _comments = audits.GroupBy(a => a.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Ignores, StringComparer.Ordinal);
        _annotations = resources.ToDictionary(r => r.Manifest, r => r.Ignores);
    }

    /// <summary>Builds the findings, sorted by path, line, column and rule.</summary>
    public IReadOnlyList<Finding> Assemble(IEnumerable<Hit> hits)
    {
        // Hits are gathered in order, then turned into findings on every core (each conversion only reads this assembler).
        var gathered = hits.Concat(UnexplainedIgnores()).ToArray();
        var all = new Finding[gathered.Length];
        Parallel.For(0, gathered.Length, i => all[i] = ToFinding(gathered[i]));

        // Path is the first sort key, so each file's findings are sorted on their own, on every core, and the files then
        // follow in path order; the index breaks ties, so the order is the stable one LINQ's OrderBy gave.
        var byPath = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < all.Length; i++)
        {
            var path = all[i].Location.Path;
            if (!byPath.TryGetValue(path, out var indices))
            {
                byPath[path] = indices = [];
            }

            indices.Add(i);
        }

        var files = byPath.Values.ToArray();
        Parallel.For(0, files.Length, f => files[f].Sort((x, y) => Compare(all[x], all[y]) is var c and not 0 ? c : x.CompareTo(y)));
        Array.Sort(files, (a, b) => string.CompareOrdinal(all[a[0]].Location.Path, all[b[0]].Location.Path));
        var sorted = new Finding[all.Length];
        var next = 0;
        foreach (var indices in files)
        {
            foreach (var index in indices)
            {
                sorted[next++] = all[index];
            }
        }

        return sorted;
    }

    private static int Compare(Finding a, Finding b)
    {
        var c = string.CompareOrdinal(a.Location.Path, b.Location.Path);
        if (c == 0)
        {
            c = a.Location.StartLine.CompareTo(b.Location.StartLine);
        }

        if (c == 0)
        {
            c = (a.Location.StartColumn ?? 0).CompareTo(b.Location.StartColumn ?? 0);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        }

        return c != 0 ? c : string.CompareOrdinal(a.ContentKey, b.ContentKey);
    }

    private Finding ToFinding(Hit hit)
    {
        var logicalPath = SecretRedaction.Redact($"{hit.Subject} > {hit.KeyPath}");
        var directive = FindIgnore(hit);
        return new Finding
        {
            Rule = hit.Rule,
            Severity = hit.Severity ?? hit.Rule.DefaultSeverity,
            Message = SecretRedaction.Redact(hit.Message)!,
            Location = new Location(hit.Path, hit.Span.Line, hit.Span.Column, hit.Span.EndLine, hit.Span.EndColumn, logicalPath),
            ContentKey = $"{hit.Subject}:{hit.KeyPath}",
            Evidence = SecretRedaction.Redact(hit.Evidence),
            Suppression = directive is null ? null : new Suppression(SuppressionKind.InSource, directive.Reason, "inline"),
        };
    }

    private IgnoreDirective? FindIgnore(Hit hit)
    {
        if (hit.Rule == IgnoreWithoutReason.Descriptor)
        {
            return null;
        }

        if (_comments.TryGetValue(hit.Path, out var comments)
            && (comments.Find(hit.Rule.Id, hit.Span.Line) ?? (hit.IgnoreLine is { } line ? comments.Find(hit.Rule.Id, line) : null)) is { } inline)
        {
            return inline;
        }

        return hit.Resource is not null && _annotations.TryGetValue(hit.Resource, out var annotations)
            ? annotations.FirstOrDefault(d => d.IsValid && d.RuleId == hit.Rule.Id)
            : null;
    }

    private IEnumerable<Hit> UnexplainedIgnores()
    {
        foreach (var audit in _audits)
        {
            foreach (var directive in audit.Ignores.All.Where(d => !d.IsValid))
            {
                yield return IgnoreWithoutReason.Create(audit.Path, directive.Span, directive.RuleId);
            }
        }

        foreach (var (manifest, directives) in _annotations)
        {
            foreach (var directive in directives.Where(d => !d.IsValid))
            {
                yield return IgnoreWithoutReason.Create(manifest.Path, directive.Span, directive.RuleId) with { Resource = manifest };
            }
        }
    }
}
