using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>A detector of rare things: one cheap search over a batch of rows' text says which rows it must scan.</summary>
internal interface ICandidateDetector : IRowDetector
{
    /// <summary>Returns the first position at or after <paramref name="from"/> in <paramref name="text"/> where this detector could report something, or -1.</summary>
    /// <remarks>
    /// It may stop where nothing is reported in the end, but never past a place where <see cref="IRowDetector.Scan"/> would report.
    /// Calls over one text come with increasing <paramref name="from"/>, the first with 0, so a detector may keep its look-ahead between them.
    /// </remarks>
    int NextCandidate(ReadOnlySpan<char> text, int from);
}
