using System.Globalization;
using System.Text;

namespace MLSecOps.Core.Policy;

/// <summary>A user mistake in a policy, baseline or argument: one line naming the file, line, column and the fix.</summary>
public sealed class PolicyException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PolicyException"/> class.</summary>
    public PolicyException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PolicyException"/> class.</summary>
    /// <param name="message">The one-line message.</param>
    public PolicyException(string message)
        : base(OneLine(message))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PolicyException"/> class.</summary>
    /// <param name="message">The one-line message.</param>
    /// <param name="innerException">The cause.</param>
    public PolicyException(string message, Exception innerException)
        : base(OneLine(message), innerException)
    {
    }

    /// <summary>Creates an exception whose message starts with <c>file:line:col:</c>.</summary>
    /// <param name="file">The file as the user named it.</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="column">The 1-based column.</param>
    /// <param name="message">What is wrong and what to do.</param>
    /// <returns>The exception.</returns>
    public static PolicyException At(string file, long line, long column, string message) => new($"{file}:{line}:{column}: {message}");

    // Messages quote what the user wrote (a key, a value) and a pull request writes the policy: a line break, ESC or
    // bidi control in a quoted key would split the one line or drive the terminal and the CI log, so each is shown as \uXXXX.
    private static string OneLine(string message)
    {
        if (message is null || !message.Any(IsUnsafe))
        {
            return message!;
        }

        var text = new StringBuilder(message.Length + 16);
        foreach (var c in message)
        {
            _ = IsUnsafe(c) ? text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : text.Append(c);
        }

        return text.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
