using System.Text.RegularExpressions;

namespace MLSecOps.Gates.DesignReview.Cards;

/// <summary>Questions about the prose of a card section.</summary>
internal static partial class CardText
{
    /// <summary>Returns whether a section body says nothing: blank, only HTML comments, only placeholders.</summary>
    /// <param name="body">The section body.</param>
    /// <returns>Whether it is blank.</returns>
    public static bool IsBlank(string body) =>
        WithoutComments(body).Split('\n').All(line => Placeholders.IsEmptyOrPlaceholder(line.Trim().TrimStart('#', '-', '*', '>', ' ')));

    /// <summary>Returns whether a bias section reports an evaluation: it names a measurement and gives a number.</summary>
    /// <param name="body">The section body.</param>
    /// <returns>Whether an evaluation is reported.</returns>
    public static bool ReportsEvaluation(string body)
    {
        var text = WithoutComments(body);
        return EvaluationWord().IsMatch(text) && Number().IsMatch(text);
    }

    /// <summary>Removes HTML comments (the Hugging Face template's guidance).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text without comments.</returns>
    public static string WithoutComments(string text) => Comment().Replace(text, "");

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"evaluat|measur|disparit|parity|fairness|equali[sz]ed odds|false positive rate|subgroup|per[- ]group|demographic", RegexOptions.IgnoreCase)]
    private static partial Regex EvaluationWord();

    [GeneratedRegex(@"[0-9]+(\.[0-9]+)?\s*(%|pp|points)?")]
    private static partial Regex Number();
}
