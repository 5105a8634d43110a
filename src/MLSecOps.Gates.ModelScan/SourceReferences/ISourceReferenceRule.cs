using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>A rule over the model references in Python code: it looks at each call site (and each keyed value) the reader meets.</summary>
internal interface ISourceReferenceRule
{
    /// <summary>Gets the rule's descriptor.</summary>
    RuleDescriptor Descriptor { get; }

    /// <summary>Returns the problems of one call, judged with the names in force at it.</summary>
    IEnumerable<SourceHit> Evaluate(PythonCall call);

    /// <summary>Returns the problems of one keyed value (<c>{"key": value}</c>, <c>kwargs["key"] = value</c>).</summary>
    IEnumerable<SourceHit> Evaluate(PythonKeyValue entry) => [];
}

/// <summary>A problem a source rule found.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="At">The token it points at.</param>
/// <param name="Message">The message, with the fix.</param>
/// <param name="Key">What identifies it in the file apart from its line (the fingerprint's content key).</param>
/// <param name="Evidence">What was found, rebuilt from names and constants (never copied argument text, which may hold a token).</param>
/// <param name="Severity">A severity other than the rule's default, if any.</param>
internal sealed record SourceHit(RuleDescriptor Rule, PythonToken At, string Message, string Key, string Evidence, Severity? Severity = null);
