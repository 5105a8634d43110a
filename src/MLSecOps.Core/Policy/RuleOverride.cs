using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy;

/// <summary>A policy override of one rule: its severity, or turning it off.</summary>
/// <param name="Severity">The severity to use instead of the default, if any.</param>
/// <param name="Enabled">Whether the rule reports at all.</param>
public sealed record RuleOverride(Severity? Severity, bool Enabled = true);
