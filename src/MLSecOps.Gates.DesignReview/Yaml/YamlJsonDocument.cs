using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MLSecOps.Gates.DesignReview.Yaml;

/// <summary>A YAML document turned into JSON for schema validation, with the line and column of every JSON pointer.</summary>
internal sealed partial class YamlJsonDocument
{
    /// <summary>The most nodes one document may expand to (alias bombs).</summary>
    public const int MaxNodes = 100_000;

    /// <summary>The deepest nesting accepted.</summary>
    public const int MaxDepth = 64;

    private readonly Dictionary<string, (int Line, int Column)> _positions;

    private YamlJsonDocument(JsonNode? root, Dictionary<string, (int Line, int Column)> positions)
    {
        Root = root;
        _positions = positions;
    }

    /// <summary>Gets the document as JSON.</summary>
    public JsonNode? Root { get; }

    /// <summary>Parses YAML text; syntax errors and limits come back as <see cref="YamlParseError"/>, never as exceptions.</summary>
    /// <param name="text">The YAML text.</param>
    /// <returns>The document, or the error.</returns>
    public static (YamlJsonDocument? Document, YamlParseError? Error) Parse(string text)
    {
        var parser = new MarkTrackingParser(new Parser(new StringReader(text)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
            if (stream.Documents.Count == 0)
            {
                return (new YamlJsonDocument(null, positions), null);
            }

            if (stream.Documents.Count > 1)
            {
                var second = stream.Documents[1].RootNode.Start;
                return (null, new YamlParseError("more than one YAML document in the file", (int)second.Line, (int)second.Column));
            }

            var budget = new int[1];
            var root = stream.Documents[0].RootNode;
            positions[""] = ((int)root.Start.Line, (int)root.Start.Column);
            return (new YamlJsonDocument(Convert(root, "", 0, positions, budget), positions), null);
        }
        catch (YamlException ex)
        {
            return (null, new YamlParseError(OneLine(ex.Message), (int)ex.Start.Line, (int)ex.Start.Column));
        }
        catch (InvalidDataException ex)
        {
            return (null, new YamlParseError(ex.Message, 1, 1));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this for some malformed input; report it after the last event it did read.
            return (null, new YamlParseError("malformed YAML after this point", (int)parser.LastEnd.Line, (int)parser.LastEnd.Column));
        }
    }

    /// <summary>Returns the line and column of a JSON pointer: the key of a property, the start of an item; the nearest known parent otherwise.</summary>
    /// <param name="pointer">A JSON pointer such as <c>/threats/model-theft/mitigations/0</c>.</param>
    /// <returns>The 1-based line and column.</returns>
    public (int Line, int Column) PositionOf(string pointer)
    {
        var current = pointer;
        while (true)
        {
            if (_positions.TryGetValue(current, out var position))
            {
                return position;
            }

            if (current.Length == 0)
            {
                return (1, 1);
            }

            current = current[..current.LastIndexOf('/')];
        }
    }

    /// <summary>Escapes one property name for a JSON pointer.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The escaped segment.</returns>
    public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static JsonNode? Convert(YamlNode node, string pointer, int depth, Dictionary<string, (int, int)> positions, int[] budget)
    {
        if (++budget[0] > MaxNodes)
        {
            throw new InvalidDataException($"the document expands to more than {MaxNodes} nodes");
        }

        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"the document nests deeper than {MaxDepth} levels (line {node.Start.Line})");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? "" : key.ToString();
                    var childPointer = pointer + "/" + Escape(name);
                    positions[childPointer] = ((int)key.Start.Line, (int)key.Start.Column);
                    obj[name] = Convert(value, childPointer, depth + 1, positions, budget);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var child = sequence.Children[i];
                    var childPointer = pointer + "/" + i.ToString(CultureInfo.InvariantCulture);
                    positions[childPointer] = ((int)child.Start.Line, (int)child.Start.Column);
                    array.Add(Convert(child, childPointer, depth + 1, positions, budget));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value.Length == 4);
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
