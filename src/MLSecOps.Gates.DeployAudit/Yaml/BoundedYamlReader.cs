using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>
/// Reads a YAML stream into <see cref="YNode"/> trees with marks, from parser events, under <see cref="YamlLimits"/>.
/// Aliases point at the anchored node (never copied) and their expanded weight counts toward the cap.
/// Text in the subset manifests are written in is read by <see cref="ManifestYamlReader"/> into the same trees, without YamlDotNet.
/// </summary>
internal sealed class BoundedYamlReader
{
    private readonly YamlLimits _limits;
    private readonly ManifestYamlReader _subset;

    public BoundedYamlReader(YamlLimits limits)
    {
        _limits = limits;
        _subset = new ManifestYamlReader(limits);
    }

    /// <summary>Reads every document of <paramref name="text"/>; stops at the first error and keeps what came before.</summary>
    public YamlReadResult Read(string text) => _subset.TryRead(text) ?? ReadWithParser(text);

    /// <summary>Reads <paramref name="text"/> from YamlDotNet's parser events, whatever YAML it holds.</summary>
    public YamlReadResult ReadWithParser(string text)
    {
        var result = ReadOnce(text);
        if (result.Error is not { Kind: YamlErrorKind.Syntax } error || !FlowScalarIndentation.IsWrongIndentation(error.Message))
        {
            return result;
        }

        // Continuation lines at the key's column are what kubectl accepts; the repaired text keeps lines, so any
        // later error still points at the right line. A repair that fails earlier than the original is discarded.
        var repaired = ReadOnce(FlowScalarIndentation.Repair(text));
        return repaired.Error is null || repaired.Error.Span.Line > error.Span.Line ? repaired : result;
    }

    private YamlReadResult ReadOnce(string text)
    {
        var documents = new List<YDocument>();
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                if (documents.Count >= _limits.MaxDocuments)
                {
                    return new(documents, new YamlError(YamlErrorKind.Limit, SpanOf(parser.Current!), $"more than {_limits.MaxDocuments} documents"));
                }

                parser.Consume<DocumentStart>();
                var state = new DocumentState();
                YNode? root = null;
                if (!parser.Accept<DocumentEnd>(out _))
                {
                    root = ReadNode(parser, state, 0);
                    if (root.Weight > _limits.MaxWeight)
                    {
                        return new(documents, LimitError(root.Span, $"document expands to more than {_limits.MaxWeight} nodes"));
                    }
                }

                parser.Consume<DocumentEnd>();
                documents.Add(new YDocument(documents.Count, root));
            }

            return new(documents, null);
        }
        catch (YamlException ex)
        {
            var span = new TextSpan((int)ex.Start.Line, (int)ex.Start.Column, (int)ex.End.Line, (int)ex.End.Column);
            return new(documents, new YamlError(YamlErrorKind.Syntax, span, FirstLine(ex.Message)));
        }
        catch (YamlLimitException ex)
        {
            return new(documents, ex.Error);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input instead of a YamlException.
            var at = parser.Current is { } current ? SpanOf(current) : new TextSpan(1, 1, 1, 1);
            return new(documents, new YamlError(YamlErrorKind.Syntax, at, "the YAML scanner rejected the text after this point"));
        }
    }

    private YNode ReadNode(IParser parser, DocumentState state, int depth)
    {
        if (depth > _limits.MaxDepth)
        {
            throw new YamlLimitException(LimitError(SpanOf(parser.Current!), $"nesting deeper than {_limits.MaxDepth}"));
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return state.Anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlException(alias.Start, alias.End, $"undefined alias *{alias.Value.Value}");
        }

        YNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            node = new YScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, SpanOf(scalar), scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded);
            anchor = scalar.Anchor;
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var items = new List<YNode>();
            long weight = 1;
            while (!parser.Accept<SequenceEnd>(out _))
            {
                var item = ReadNode(parser, state, depth + 1);
                weight += item.Weight;
                Guard(weight, SpanOf(seqStart));
                items.Add(item);
            }

            var end = parser.Consume<SequenceEnd>();
            node = new YSeq(items, Between(seqStart, end));
            anchor = seqStart.Anchor;
        }
        else
        {
            var mapStart = parser.Consume<MappingStart>();
            node = ReadMapping(parser, state, depth, mapStart);
            anchor = mapStart.Anchor;
        }

        if (!anchor.IsEmpty)
        {
            state.Anchors[anchor.Value] = node;
        }

        return node;
    }

    private YMap ReadMapping(IParser parser, DocumentState state, int depth, MappingStart start)
    {
        var entries = new List<KeyValuePair<YScalar, YNode>>();
        var merged = new List<KeyValuePair<YScalar, YNode>>();
        long weight = 1;
        while (!parser.Accept<MappingEnd>(out _))
        {
            var key = ReadNode(parser, state, depth + 1);
            var value = ReadNode(parser, state, depth + 1);
            weight += key.Weight + value.Weight;
            Guard(weight, key.Span);
            if (key is not YScalar scalarKey)
            {
                continue;
            }

            if (scalarKey.Value == "<<" && scalarKey.IsPlain)
            {
                Merge(merged, value);
            }
            else
            {
                entries.Add(new(scalarKey, value));
            }
        }

        // Explicit keys override merged ones, whatever their order.
        entries.AddRange(merged.Where(m => !entries.Exists(e => e.Key.Value == m.Key.Value)));
        var end = parser.Consume<MappingEnd>();
        return new YMap(entries, Between(start, end));
    }

    private static void Merge(List<KeyValuePair<YScalar, YNode>> entries, YNode value)
    {
        var sources = value is YSeq seq ? seq.Items : [value];
        foreach (var source in sources.OfType<YMap>())
        {
            foreach (var entry in source.Entries)
            {
                if (!entries.Exists(e => e.Key.Value == entry.Key.Value))
                {
                    entries.Add(entry);
                }
            }
        }
    }

    private void Guard(long weight, TextSpan at)
    {
        if (weight > _limits.MaxWeight)
        {
            throw new YamlLimitException(LimitError(at, $"document expands to more than {_limits.MaxWeight} nodes"));
        }
    }

    private static YamlError LimitError(TextSpan span, string message) => new(YamlErrorKind.Limit, span, message);

    private static TextSpan SpanOf(ParsingEvent e) => new((int)e.Start.Line, (int)e.Start.Column, (int)e.End.Line, (int)e.End.Column);

    private static TextSpan Between(ParsingEvent start, ParsingEvent end) =>
        new((int)start.Start.Line, (int)start.Start.Column, (int)end.End.Line, (int)end.End.Column);

    private static string FirstLine(string message)
    {
        var i = message.IndexOf('\n', StringComparison.Ordinal);
        return (i < 0 ? message : message[..i]).Trim();
    }

    private sealed class DocumentState
    {
        public Dictionary<string, YNode> Anchors { get; } = new(StringComparer.Ordinal);
    }

    private sealed class YamlLimitException(YamlError error) : Exception(error.Message)
    {
        public YamlError Error { get; } = error;
    }
}
