namespace MLSecOps.Gates.ModelScan.Formats.Gguf;

/// <summary>What the scanner keeps of a GGUF header: its chat templates and the first structural problem.</summary>
/// <param name="ChatTemplates">The chat templates by key, such as <c>tokenizer.chat_template</c>.</param>
/// <param name="Problem">Where and what the first structural problem is, if any.</param>
/// <param name="Incomplete">Why part of the header was not examined, if so.</param>
internal sealed record GgufHeader(
    IReadOnlyList<(string Key, string Template)> ChatTemplates,
    (string LogicalPath, string Message)? Problem,
    string? Incomplete);
