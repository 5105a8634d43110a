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
        var all = hits.Concat(UnexplainedIgnores()).Select(ToFinding).ToList();
        return
        [
            .. all.OrderBy(f => f.Location.Path, StringComparer.Ordinal).ThenBy(f => f.Location.StartLine).ThenBy(f => f.Location.StartColumn ?? 0)
                .ThenBy(f => f.Rule.Id, StringComparer.Ordinal).ThenBy(f => f.ContentKey, StringComparer.Ordinal),
        ];
    }

    private Finding ToFinding(Hit hit)
    {
        var logicalPath = SecretRedaction.Redact($"{hit.Subject} > {hit.KeyPath}");
        var location = new Location(hit.Path, hit.Span.Line, hit.Span.Column, hit.Span.EndLine, hit.Span.EndColumn, logicalPath);
        var finding = Finding.Create(hit.Rule, location, SecretRedaction.Redact(hit.Message)!, $"{hit.Subject}:{hit.KeyPath}", SecretRedaction.Redact(hit.Evidence));
        var directive = FindIgnore(hit);
        return finding with
        {
            Severity = hit.Severity ?? finding.Severity,
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
