namespace MLSecOps.Gates.DesignReview.ThreatModel;

/// <summary>Something worth protecting: weights, data, prompts, endpoints, secrets, code.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Owner">Who owns it.</param>
/// <param name="Paths">Repository globs of its files.</param>
/// <param name="Pointer">Its JSON pointer.</param>
internal sealed record Asset(string Name, string Kind, string? Owner, IReadOnlyList<string> Paths, string Pointer);
