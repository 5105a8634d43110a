namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>
/// The last answer of an <see cref="AnchoredSearch"/> over one text, reused while later calls ask from a position it has not passed:
/// the first match at or after an earlier start that is also at or after the new start is the first match from the new start.
/// </summary>
internal struct LookAhead
{
    private int _from;
    private int _found;
    private bool _valid;

    /// <summary>Returns <c>search.Next(text, from)</c>; <paramref name="from"/> 0 starts a new text.</summary>
    public int Next(AnchoredSearch search, ReadOnlySpan<char> text, int from)
    {
        if (!_valid || from == 0 || from < _from || (_found >= 0 && _found < from))
        {
            _found = search.Next(text, from);
            _from = from;
            _valid = true;
        }

        return _found;
    }
}
