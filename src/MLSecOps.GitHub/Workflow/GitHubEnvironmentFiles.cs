using System.Text;

namespace MLSecOps.GitHub.Workflow;

/// <summary>Writes the job summary (<c>GITHUB_STEP_SUMMARY</c>) and step outputs (<c>GITHUB_OUTPUT</c>) files.</summary>
public sealed class GitHubEnvironmentFiles
{
    /// <summary>GitHub's limit for one step's summary: 1 MiB.</summary>
    public const int StepSummaryLimitBytes = 1024 * 1024;

    /// <summary>The note that replaces whatever does not fit in the summary.</summary>
    internal const string TruncationNote =
        "\n\n> [!WARNING]\n> This summary was cut at GitHub's 1 MiB step-summary limit. The SARIF file and code scanning list every finding.\n";

    private const int MaxDelimiterAttempts = 16;
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string? _stepSummaryPath;
    private readonly string? _outputPath;
    private readonly Func<string> _delimiters;

    /// <summary>Initializes a new instance of the <see cref="GitHubEnvironmentFiles"/> class.</summary>
    /// <param name="stepSummaryPath">The <c>GITHUB_STEP_SUMMARY</c> file; <see langword="null"/> skips the summary.</param>
    /// <param name="outputPath">The <c>GITHUB_OUTPUT</c> file; <see langword="null"/> skips the outputs.</param>
    /// <param name="delimiters">Returns a fresh random heredoc delimiter on each call.</param>
    public GitHubEnvironmentFiles(string? stepSummaryPath, string? outputPath, Func<string> delimiters)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        _stepSummaryPath = stepSummaryPath;
        _outputPath = outputPath;
        _delimiters = delimiters;
    }

    /// <summary>Returns random delimiters like the Actions toolkit's: <c>ghadelimiter_</c> and a GUID.</summary>
    /// <returns>A delimiter source.</returns>
    public static Func<string> RandomDelimiters() => () => "ghadelimiter_" + Guid.NewGuid().ToString("N");

    /// <summary>Appends Markdown to the step summary, cut at a line boundary to stay within 1 MiB for the step.</summary>
    /// <param name="markdown">The Markdown.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Whether nothing had to be cut; <see langword="true"/> when there is no summary file to write.</returns>
    public async Task<bool> AppendStepSummaryAsync(string markdown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        if (_stepSummaryPath is null)
        {
            return true;
        }

        var existing = File.Exists(_stepSummaryPath) ? new FileInfo(_stepSummaryPath).Length : 0;
        var text = markdown.EndsWith('\n') ? markdown : markdown + "\n";
        var fits = FitSummary(text, StepSummaryLimitBytes - existing);
        if (fits.Length > 0)
        {
            await File.AppendAllTextAsync(_stepSummaryPath, fits, s_utf8, cancellationToken).ConfigureAwait(false);
        }

        return ReferenceEquals(fits, text);
    }

    /// <summary>Appends step outputs: <c>name=value</c>, or <c>name&lt;&lt;DELIM</c> heredocs for multi-line values.</summary>
    /// <param name="outputs">The outputs, in order.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task that completes when the outputs are written.</returns>
    /// <exception cref="ArgumentException">An output name is empty or contains <c>=</c>, <c>&lt;</c> or a line break.</exception>
    public async Task WriteOutputsAsync(IEnumerable<KeyValuePair<string, string>> outputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (_outputPath is null)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            text.Append(FormatOutput(name, value));
        }

        await File.AppendAllTextAsync(_outputPath, text.ToString(), s_utf8, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Formats one output in the file command syntax.</summary>
    /// <param name="name">The output name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The text to append, ending with a newline.</returns>
    internal string FormatOutput(string name, string value)
    {
        if (string.IsNullOrEmpty(name) || name.AsSpan().IndexOfAny("=<\r\n") >= 0)
        {
            throw new ArgumentException($"Output name '{name}' is not valid.", nameof(name));
        }

        if (value.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            return $"{name}={value}\n";
        }

        for (var attempt = 0; attempt < MaxDelimiterAttempts; attempt++)
        {
            var delimiter = _delimiters();
            if (delimiter.Length > 0 && !value.Contains(delimiter, StringComparison.Ordinal) && !name.Contains(delimiter, StringComparison.Ordinal))
            {
                return $"{name}<<{delimiter}\n{value}\n{delimiter}\n";
            }
        }

        throw new InvalidOperationException($"No delimiter absent from the value of output '{name}' was found.");
    }

    /// <summary>Returns <paramref name="text"/> when it fits in <paramref name="budgetBytes"/>, else a prefix cut at a line end plus a note.</summary>
    /// <param name="text">The Markdown.</param>
    /// <param name="budgetBytes">The bytes left in the step's summary.</param>
    /// <returns>The text to write; empty when not even the note fits.</returns>
    internal static string FitSummary(string text, long budgetBytes)
    {
        if (s_utf8.GetByteCount(text) <= budgetBytes)
        {
            return text;
        }

        var room = budgetBytes - s_utf8.GetByteCount(TruncationNote);
        if (room <= 0)
        {
            return "";
        }

        // Walk characters until the budget is spent, then back up to the last full line.
        var bytes = 0L;
        var end = 0;
        while (end < text.Length)
        {
            var width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
            var size = s_utf8.GetByteCount(text.AsSpan(end, width));
            if (bytes + size > room)
            {
                break;
            }

            bytes += size;
            end += width;
        }

        var lineEnd = text.LastIndexOf('\n', Math.Max(end - 1, 0));
        return text[..(lineEnd + 1)] + TruncationNote;
    }
}
