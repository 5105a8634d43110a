using System.Net;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DataCheck.Rules;
using MLSecOps.Gates.DataCheck.Scanning;
using PhoneNumbers;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>Finds validated personal data (DAT010-DAT015) in one pass over a row: e-mail around each <c>@</c>, numbers around each digit run.</summary>
internal sealed class PersonalDataDetector : IRowDetector
{
    // Loaded at the first phone candidate, not at start-up: the metadata of every region takes a noticeable share of a small run.
    private static readonly Lazy<PhoneNumberUtil> s_phones = new(PhoneNumberUtil.GetInstance);
    private static readonly string[] s_ssnWords = ["ssn", "social"];
    private static readonly string[] s_phoneWords = ["phone", "mobile", "tel", "fax", "cell"];
    private static readonly string[] s_versionWords = ["version", "release"];

    // What the names of explicit columns say, worked out once per header instead of at every number.
    private IReadOnlyList<string>? _namesSeen;
    private NameHints[] _hints = [];

    [Flags]
    private enum NameHints
    {
        None = 0,
        Ssn = 1,
        Phone = 2,
        Version = 4,
    }

    /// <summary>Gets the triggers of the text that <see cref="Scan(DataRow, HitCollector, int)"/> reads its rows from (a batch's text).</summary>
    public TriggerMarks Marks { get; } = new();

    /// <inheritdoc />
    public void Scan(DataRow row, HitCollector hits)
    {
        ArgumentNullException.ThrowIfNull(row);
        Marks.Mark(row.Text);
        Scan(row, hits, 0);
    }

    /// <summary>Scans <paramref name="row"/>, whose text starts at <paramref name="offset"/> of the text last given to <see cref="Marks"/>.</summary>
    public void Scan(DataRow row, HitCollector hits, int offset)
    {
        ArgumentNullException.ThrowIfNull(row);
        var end = offset + row.Length;

        // Each trigger is the next digit or `@`; a scan returns where the next one may start.
        var text = row.Text;
        var i = 0;
        while (Marks.Next(offset + i, end) is var next and >= 0)
        {
            var p = next - offset;
            i = text[p] == '@' ? ScanEmail(row, hits, p) : ScanNumber(row, hits, p);
        }
    }

    private static int ScanEmail(DataRow row, HitCollector hits, int at)
    {
        var text = row.Text;
        if (!EmailAddress.TryMatch(text, at, out var start, out var end))
        {
            return at + 1;
        }

        hits.Report(EmailAddress.Descriptor, Severity.Medium, "e-mail address", row, start, EmailAddress.Mask(text[start..end]));
        return end;
    }

    private int ScanNumber(DataRow row, HitCollector hits, int p)
    {
        var text = row.Text;
        var previous = p > 0 ? text[p - 1] : ' ';
        if (char.IsAsciiLetter(previous) || previous is '_' or '.')
        {
            if (p >= 2 && char.IsAsciiLetterUpper(text[p - 1]) && char.IsAsciiLetterUpper(text[p - 2]) && (p < 3 || !char.IsAsciiLetterOrDigit(text[p - 3]))
                && TryIban(row, hits, p - 2) is var ibanEnd and > 0)
            {
                return ibanEnd;
            }

            return SkipWord(text, p);
        }

        // Most digit runs are short numbers followed by neither a group separator nor an IP dot or colon (ids, counts, labels): none
        // of them can be a card, SSN, phone or IP, so they are passed over before the grouping below.
        // Runs are short: a loop is cheaper than a vectorised search here.
        var runEnd = p + 1;
        while (runEnd < text.Length && char.IsAsciiDigit(text[runEnd]))
        {
            runEnd++;
        }

        var following = runEnd < text.Length ? text[runEnd] : ' ';
        if (runEnd - p < 7 && following is not (' ' or '-' or '.' or ':'))
        {
            return char.IsAsciiLetter(following) || following is '_' ? SkipWord(text, runEnd) : runEnd;
        }

        if (following == '-' && runEnd - p == 4 && IsPlainIsoDate(text, p))
        {
            return p + 10;
        }

        if (following == '.' && runEnd - p < 7)
        {
            // A short run before a dot (a version such as 1.2.3, an IPv4 address, a decimal): the grouping below would stop at the dot
            // with one group of too few digits for anything but an address, so only the address check is left.
            if (TryIp(row, hits, p, out var dottedEnd))
            {
                return dottedEnd;
            }

            return runEnd + 1 < text.Length && char.IsAsciiDigit(text[runEnd + 1]) ? SkipWord(text, runEnd) : runEnd;
        }

        return ScanGroups(row, hits, p);
    }

    /// <summary>Reports the IBAN that starts at <paramref name="start"/> and returns its end, or returns 0.</summary>
    private static int TryIban(DataRow row, HitCollector hits, int start)
    {
        Span<char> compact = stackalloc char[34];
        var end = IbanNumber.TryMatch(row.Text, start, compact, out var length);
        if (end > 0)
        {
            hits.Report(IbanNumber.Descriptor, Severity.High, "IBAN", row, start, IbanNumber.Mask(compact[..length]));
        }

        return end;
    }

    /// <summary>
    /// Reads the digit groups that start at <paramref name="p"/> (a card, an SSN, a phone, an address) and reports what they are. Kept
    /// apart from <see cref="ScanNumber"/>, which passes over most numbers before any of this: its buffers cost every call that has them.
    /// </summary>
    private int ScanGroups(DataRow row, HitCollector hits, int p)
    {
        var text = row.Text;
        Span<char> digits = stackalloc char[20];
        var count = 0;
        var j = p;
        var separator = '\0';
        var groups = 1;
        Span<int> groupLengths = stackalloc int[8];
        groupLengths[0] = 0;
        while (j < text.Length)
        {
            var c = text[j];
            if (char.IsAsciiDigit(c))
            {
                if (count < digits.Length)
                {
                    digits[count] = c;
                }

                count++;
                if (groups <= groupLengths.Length)
                {
                    groupLengths[groups - 1]++;
                }

                j++;
            }
            else if (c is ' ' or '-' && (separator == '\0' || separator == c) && j + 1 < text.Length && char.IsAsciiDigit(text[j + 1]) && groups < 8)
            {
                separator = c;
                groups++;
                groupLengths[groups - 1] = 0;
                j++;
            }
            else
            {
                break;
            }
        }

        var after = j < text.Length ? text[j] : ' ';
        if (after == '.' && separator == '\0' && TryIp(row, hits, p, out var ipEnd))
        {
            return ipEnd;
        }

        if (after == ':' && separator == '\0' && count <= 4 && TryIp(row, hits, p, out ipEnd))
        {
            return ipEnd;
        }

        if (char.IsAsciiLetter(after) || after is '_' || (after == '.' && j + 1 < text.Length && char.IsAsciiDigit(text[j + 1])))
        {
            return SkipWord(text, j);
        }

        if (count > digits.Length)
        {
            return j;
        }

        var number = digits[..count];
        var shape = groupLengths[..Math.Min(groups, groupLengths.Length)];
        if (separator == '-' && shape is [4, 2, 2])
        {
            // An ISO date (2024-05-01): no card, SSN or phone has this shape.
            return j;
        }

        if (count is >= 13 and <= 19 && PaymentCardNumber.Issuer(number) is { } issuer)
        {
            hits.Report(PaymentCardNumber.Descriptor, Severity.High, issuer, row, p, PaymentCardNumber.Mask(number));
        }
        else if (count == 9 && IsSsnShape(shape, separator) && SocialSecurityNumber.IsValid(number))
        {
            hits.Report(SocialSecurityNumber.Descriptor, Severity.High, "US SSN", row, p, SocialSecurityNumber.Mask());
        }
        else if (count == 9 && groups == 1 && SocialSecurityNumber.IsValid(number) && IsNamedFor(row, p, NameHints.Ssn))
        {
            hits.Report(SocialSecurityNumber.Descriptor, Severity.High, "US SSN", row, p, SocialSecurityNumber.Mask());
        }
        else if (count is >= 7 and <= 15)
        {
            CheckPhone(row, hits, p, j, number, shape, separator);
        }

        return j;
    }

    private void CheckPhone(DataRow row, HitCollector hits, int p, int end, ReadOnlySpan<char> number, ReadOnlySpan<int> shape, char separator)
    {
        var text = row.Text;
        var international = p > 0 && text[p - 1] == '+';
        var start = international ? p - 1 : (p > 0 && text[p - 1] == '(' ? p - 1 : p);
        var nationalShape = separator != '\0' && shape.Length >= 3 && shape[^1] >= 4 && shape[0] is >= 2 and <= 4;
        var usParenthesised = p > 0 && text[p - 1] == '(' && shape.Length >= 1 && shape[0] == 3 && p + 3 < text.Length && text[p + 3] == ')';
        if (!international && !nationalShape && !usParenthesised && !IsNamedFor(row, p, NameHints.Phone))
        {
            return;
        }

        var candidate = international ? "+" + new string(number) : text[start..Math.Min(text.Length, end)].ToString();
        if (usParenthesised && !international)
        {
            candidate = text[start..FindPhoneEnd(text, p + 4)].ToString();
        }

        if (IsValidPhone(candidate, international ? "ZZ" : "US"))
        {
            var masked = (international ? "+" : "") + new string('*', Math.Max(3, number.Length - 2)) + number[^2..].ToString();
            hits.Report(Rules.PhoneNumber.Descriptor, Severity.Medium, "phone number", row, start, masked);
        }
    }

    private static int FindPhoneEnd(ReadOnlySpan<char> text, int from)
    {
        var k = from;
        while (k < text.Length && (char.IsAsciiDigit(text[k]) || text[k] is ' ' or '-'))
        {
            k++;
        }

        return k;
    }

    private static bool IsValidPhone(string candidate, string region)
    {
        try
        {
            var phones = s_phones.Value;
            var parsed = phones.Parse(candidate, region);
            return phones.IsValidNumber(parsed);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>
    /// Returns whether an ISO date (2024-05-01) starts at <paramref name="p"/> and is followed by nothing that would extend it: no
    /// further digit or group, word or decimal. The grouping in <see cref="ScanNumber"/> would stop after it and report nothing.
    /// </summary>
    private static bool IsPlainIsoDate(ReadOnlySpan<char> text, int p)
    {
        var end = p + 10;
        if (end > text.Length || text[p + 4] != '-' || !char.IsAsciiDigit(text[p + 5]) || !char.IsAsciiDigit(text[p + 6]) || text[p + 7] != '-'
            || !char.IsAsciiDigit(text[p + 8]) || !char.IsAsciiDigit(text[p + 9]))
        {
            return false;
        }

        if (end == text.Length)
        {
            return true;
        }

        var after = text[end];
        var next = end + 1 < text.Length ? text[end + 1] : ' ';
        return !char.IsAsciiLetterOrDigit(after) && after != '_' && !(after is '-' or '.' && char.IsAsciiDigit(next));
    }

    private static bool IsSsnShape(ReadOnlySpan<int> shape, char separator) =>
        separator is '-' or ' ' && shape.Length == 3 && shape[0] == 3 && shape[1] == 2 && shape[2] == 4;

    /// <summary>Reports the IP address that starts at <paramref name="p"/> and returns true with its end, or returns false.</summary>
    private bool TryIp(DataRow row, HitCollector hits, int p, out int end)
    {
        var text = row.Text;
        end = p;
        var dots = 0;
        var colons = 0;
        while (end < text.Length && (char.IsAsciiHexDigit(text[end]) || text[end] is '.' or ':') && end - p < 45)
        {
            // Counted on the way: a vectorised count per candidate costs more than these few characters.
            dots += text[end] == '.' ? 1 : 0;
            colons += text[end] == ':' ? 1 : 0;
            end++;
        }

        while (end > p && text[end - 1] is '.' or ':')
        {
            dots -= text[end - 1] == '.' ? 1 : 0;
            colons -= text[end - 1] == ':' ? 1 : 0;
            end--;
        }

        var candidate = text[p..end];
        var looksV4 = dots == 3 && colons == 0;
        var looksV6 = dots == 0 && (colons == 7 || (colons >= 2 && candidate.Contains("::", StringComparison.Ordinal)));
        if ((!looksV4 && !looksV6) || (end < text.Length && char.IsAsciiLetterOrDigit(text[end])) || IsVersionContext(text, p) || IsNamedFor(row, p, NameHints.Version)
            || !IPAddress.TryParse(candidate, out var address))
        {
            // The callers go on from the number itself when this is no address.
            end = p;
            return false;
        }

        var (entity, isPublic) = IpAddress.Classify(address);
        hits.Report(IpAddress.Descriptor, isPublic ? IpAddress.Descriptor.DefaultSeverity : Severity.Info, entity, row, p, IpAddress.Mask(candidate));
        return true;
    }

    private static bool IsVersionContext(ReadOnlySpan<char> text, int p)
    {
        var before = text[Math.Max(0, p - 9)..p].TrimEnd();
        return before.EndsWith("version", StringComparison.OrdinalIgnoreCase) || before.EndsWith('v') || before.EndsWith("ver", StringComparison.OrdinalIgnoreCase);
    }

    private bool IsNamedFor(DataRow row, int offset, NameHints hint)
    {
        switch (row.Layout)
        {
            case FieldLayout.Single:
                return false;
            case FieldLayout.Explicit:
                if (!ReferenceEquals(_namesSeen, row.FieldNames))
                {
                    _namesSeen = row.FieldNames;
                    _hints = [.. row.FieldNames.Select(HintsOf)];
                }

                var field = row.FieldIndexAt(offset);
                return field >= 0 && field < _hints.Length && (_hints[field] & hint) != 0;
            default:
                return (HintsOf(row.FieldNameSpanAt(offset)) & hint) != 0;
        }
    }

    private static NameHints HintsOf(string name) => HintsOf(name.AsSpan());

    private static NameHints HintsOf(ReadOnlySpan<char> name) =>
        (Names(name, s_ssnWords) ? NameHints.Ssn : NameHints.None)
        | (Names(name, s_phoneWords) ? NameHints.Phone : NameHints.None)
        | (Names(name, s_versionWords) ? NameHints.Version : NameHints.None);

    private static bool Names(ReadOnlySpan<char> name, string[] words)
    {
        foreach (var word in words)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int SkipWord(ReadOnlySpan<char> text, int from)
    {
        var end = from;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '-' or '.'))
        {
            end++;
        }

        return Math.Max(end, from + 1);
    }
}
