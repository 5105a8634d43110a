using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests;

/// <summary>Every rule class is listed in the gate, sealed and stateless, and documented in docs/gates/deploy-audit.md.</summary>
public sealed class ConventionTests() : RuleClassConventionTests(new DeployAuditGate(), typeof(IDeployRule), "deploy-audit.md", everyRuleIsAClass: false);
