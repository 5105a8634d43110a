namespace MLSecOps.Gates.DeployAudit.Secrets;

/// <summary>A secret found in a value: what kind, and the secret text itself (mask it before it leaves the rule).</summary>
internal sealed record SecretMatch(string Kind, string Secret);
