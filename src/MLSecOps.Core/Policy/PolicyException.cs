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
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PolicyException"/> class.</summary>
    /// <param name="message">The one-line message.</param>
    /// <param name="innerException">The cause.</param>
    public PolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception whose message starts with <c>file:line:col:</c>.</summary>
    /// <param name="file">The file as the user named it.</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="column">The 1-based column.</param>
    /// <param name="message">What is wrong and what to do.</param>
    /// <returns>The exception.</returns>
    public static PolicyException At(string file, long line, long column, string message) => new($"{file}:{line}:{column}: {message}");
}
