namespace MLSecOps.Reporting.Compliance;

/// <summary>One control of a framework: an OWASP Top 10 entry, a MITRE ATLAS technique or a NIST AI RMF subcategory.</summary>
/// <param name="Framework">The framework key, such as <c>owasp-llm</c>.</param>
/// <param name="Id">The id as the framework writes it, such as <c>LLM01</c>, <c>AML.T0010</c> or <c>MEASURE 2.7</c>.</param>
/// <param name="Name">The control's name.</param>
public sealed record ComplianceControl(string Framework, string Id, string Name)
{
    /// <summary>Gets the reference as rule descriptors write it in <c>Standards</c>, such as <c>OWASP-LLM01</c> or <c>NIST-AI-RMF-MEASURE-2.7</c>.</summary>
    public string StandardId => Framework switch
    {
        ComplianceCatalog.OwaspLlm or ComplianceCatalog.OwaspMl => "OWASP-" + Id,
        ComplianceCatalog.NistAiRmf => "NIST-AI-RMF-" + Id.Replace(' ', '-'),
        _ => Id,
    };
}
