using System.Text.Json.Nodes;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MLSecOps.Gates.DesignReview.Yaml;

namespace MLSecOps.Gates.DesignReview.Cards;

/// <summary>A Hugging Face-style card (model or data set): YAML front matter and Markdown sections, with line numbers.</summary>
internal sealed class CardDocument
{
    /// <summary>The largest card read; real cards are a few kilobytes.</summary>
    public const long MaxBytes = 1024 * 1024;

    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    private CardDocument(string path, string[] lines) => (Path, Lines) = (path, lines);

    /// <summary>Gets the repository-relative path.</summary>
    public string Path { get; }

    /// <summary>Gets the text lines.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Gets the front matter as JSON, or <see langword="null"/> when the card has none.</summary>
    public JsonObject? FrontMatter { get; private init; }

    /// <summary>Gets why the front matter could not be read, if it could not (positions are card lines).</summary>
    public YamlParseError? FrontMatterError { get; private init; }

    /// <summary>Gets the sections in order.</summary>
    public IReadOnlyList<CardSection> Sections { get; private init; } = [];

    private YamlJsonDocument? Yaml { get; init; }

    private int FrontMatterOffset { get; init; }

    /// <summary>Parses a card.</summary>
    /// <param name="path">The repository-relative path.</param>
    /// <param name="text">The card text.</param>
    /// <returns>The card.</returns>
    public static CardDocument Parse(string path, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var (yamlText, offset) = FrontMatterText(lines);
        var (yaml, error) = yamlText is null ? (null, null) : YamlJsonDocument.Parse(yamlText);
        var markdown = Markdown.Parse(string.Join('\n', lines), s_pipeline);
        var headings = markdown.Descendants<HeadingBlock>().ToList();
        var sections = headings.Select((h, i) =>
        {
            var end = headings.Skip(i + 1).FirstOrDefault(n => n.Level <= h.Level)?.Line ?? lines.Length;
            var body = string.Join('\n', lines[Math.Min(h.Line + 1, lines.Length)..Math.Max(h.Line + 1, end)]);
            return new CardSection(HeadingText(h), h.Level, h.Line + 1, body);
        }).ToList();
        return new CardDocument(path, lines)
        {
            Yaml = yaml,
            FrontMatter = yaml?.Root as JsonObject,
            FrontMatterError = error is null ? (yaml is not null && yaml.Root is not JsonObject and not null ? new YamlParseError("front matter is not a mapping", offset + 1, 1) : null) : error with { Line = error.Line + offset },
            FrontMatterOffset = offset,
            Sections = sections,
        };
    }

    /// <summary>Returns the card line of a front-matter key (or the front matter's first line when absent).</summary>
    /// <param name="pointer">A JSON pointer into the front matter, such as <c>/license</c>.</param>
    /// <returns>The 1-based line and column.</returns>
    public (int Line, int Column) PositionOf(string pointer)
    {
        if (Yaml is null)
        {
            return (1, 1);
        }

        var (line, column) = Yaml.PositionOf(pointer);
        return (line + FrontMatterOffset, column);
    }

    /// <summary>Returns the first section matching any of the titles.</summary>
    /// <param name="titles">Accepted titles.</param>
    /// <returns>The section, or <see langword="null"/>.</returns>
    public CardSection? Section(params string[] titles) => Sections.FirstOrDefault(s => s.IsOneOf(titles));

    private static (string? Text, int Offset) FrontMatterText(string[] lines)
    {
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            return (null, 0);
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() is "---" or "...")
            {
                return (string.Join('\n', lines[1..i]), 1);
            }
        }

        return (null, 0);
    }

    private static string HeadingText(HeadingBlock heading) =>
        heading.Inline is null ? "" : string.Concat(heading.Inline.Descendants<LiteralInline>().Select(l => l.Content.ToString())).Trim();
}
