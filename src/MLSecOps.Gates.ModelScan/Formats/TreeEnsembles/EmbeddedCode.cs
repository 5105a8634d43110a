using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;

namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>Finds Python or shell code in a string of a data-only model file, as text or as base64/hex that decodes to it (MOD170).</summary>
internal static partial class EmbeddedCode
{
    // Strings beyond this are not searched: model metadata values are short, and a long one is cut, not skipped silently.
    private const int MaxChecked = 64 * 1024;
    private const int MinEncoded = 16;

    /// <summary>Returns what the code in <paramref name="value"/> is (the matched text, or "base64 of ..." for an encoded one), or null.</summary>
    public static string? Find(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Length > MaxChecked ? value[..MaxChecked] : value;
        if (Match(text) is { } plain)
        {
            return plain;
        }

        foreach (var token in text.Split([' ', '\t', '\r', '\n', ',', ';', '"', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.Length >= MinEncoded && Decode(token) is { } decoded && Match(decoded) is { } hidden)
            {
                return $"{(IsHex(token) ? "hex" : "base64")} of `{hidden}` (`{(decoded.Length > 120 ? decoded[..120] + "…" : decoded)}`)";
            }
        }

        return null;
    }

    private static string? Match(string text)
    {
        try
        {
            return CodePattern().Match(text) is { Success: true } m ? m.Value.Trim() : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static bool IsHex(string token) => token.Length % 2 == 0 && token.All(char.IsAsciiHexDigit);

    private static string? Decode(string token)
    {
        byte[] bytes;
        if (IsHex(token))
        {
            bytes = Convert.FromHexString(token);
        }
        else
        {
            var utf8 = Encoding.ASCII.GetBytes(token);
            if (!Base64.IsValid(utf8))
            {
                return null;
            }

            bytes = Convert.FromBase64String(token);
        }

        // Only text can be code; tensor bytes that happen to be valid base64 decode to binary.
        return System.Text.Unicode.Utf8.IsValid(bytes) && bytes.All(b => b >= 0x20 || b is 0x09 or 0x0A or 0x0D) ? Encoding.UTF8.GetString(bytes) : null;
    }

    // Python that runs processes or code, and shell command lines; words such as `exec_time_ms` or `eval_metric` do not match.
    [GeneratedRegex(
        @"__import__\s*\(|\b(?:os|posix|nt)\s*\.\s*(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?)\s*\(|\bsubprocess\s*\.\s*(?:Popen|run|call|check_call|check_output|getoutput|getstatusoutput)\s*\(|(?<![\w.])(?:eval|exec|compile|execfile)\s*\(|(?:^|[;\n]\s*)(?:import|from)\s+(?:os|subprocess|socket|ctypes|pty|builtins)\b|\bctypes\s*\.\s*(?:CDLL|cdll|windll|WinDLL)\b|\bpickle\s*\.\s*loads?\s*\("
        + @"|\b(?:ba|z)?sh\s+-c\s|/bin/(?:ba|z)?sh\b|\b(?:curl|wget)\b[^|;\n]*\|\s*(?:sudo\s+)?(?:ba|z)?sh\b|\brm\s+-[a-z]*[rf][a-z]*\s|\bnc\s+(?:-\w+\s+)*-[el]\b|\bpowershell(?:\.exe)?\s+-|\bpython[23]?\s+-c\s|\bcmd(?:\.exe)?\s+/c\s",
        RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CodePattern();
}
