namespace MLSecOps.Gates.ModelScan.Formats.Packaged;

/// <summary>One member of a packaged model: its stored name and, for the members asked for, its text.</summary>
/// <param name="Name">The stored name (untrusted).</param>
/// <param name="Text">The member's text (UTF-8, invalid bytes replaced), or null when it was not asked for.</param>
/// <param name="Truncated">Whether the text was cut at <see cref="PackagedMembers.MaxTextBytes"/>.</param>
internal sealed record PackagedMember(string Name, string? Text, bool Truncated);
