using System.Globalization;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Finds the text leaf columns of a checked schema with their paths and maximum levels, deciding lists (modern, legacy
/// two-level and implicit), maps and structs the way Parquet.Net 6.1 did when it read the footer, so the same columns are
/// scanned under the same names with the same levels.
/// </summary>
internal static class ParquetStringFields
{
    /// <summary>Returns the text leaf columns in schema order.</summary>
    public static IReadOnlyList<ParquetStringField> Find(IReadOnlyList<ParquetSchemaElement> schema)
    {
        var index = 1;
        var fields = new List<Node>();
        Decode(schema, [], fields, schema[0].NumChildren ?? 0, ref index, 1);
        var strings = new List<ParquetStringField>();
        foreach (var field in fields)
        {
            Collect(field, 0, 0, strings);
        }

        return strings;
    }

    /// <summary>Parquet.Net's <c>ThriftFooter.CreateModelSchema</c>: decodes up to <paramref name="count"/> fields from <paramref name="index"/>.</summary>
    private static void Decode(IReadOnlyList<ParquetSchemaElement> schema, List<string> path, List<Node> container, int count, ref int index, int depth)
    {
        if (depth > ParquetFooterReader.MaxSchemaDepth)
        {
            throw new InvalidDataException($"the schema nests more than {ParquetFooterReader.MaxSchemaDepth} fields deep");
        }

        for (var i = 0; i < count && index < schema.Count; i++)
        {
            var node = DecodeOne(schema, ref index, out var owned);
            List<string> nodePath = [.. path, .. node.Names.Where(n => n.Length > 0)];
            node.Path = nodePath;
            if (owned > 0)
            {
                Decode(schema, nodePath, node.Children, owned, ref index, depth + 1);
                var most = node.Kind switch { Kind.List => 1, Kind.Map => 2, _ => int.MaxValue };
                if (node.Children.Count > most)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"`{string.Join('/', nodePath)}` holds {node.Children.Count} fields where a {node.Kind} holds {most}"));
                }
            }

            container.Add(node);
        }
    }

    /// <summary>Parquet.Net's <c>SchemaEncoder.Decode</c>: a leaf, else a list, a map or a struct.</summary>
    private static Node DecodeOne(IReadOnlyList<ParquetSchemaElement> schema, ref int index, out int owned)
    {
        var element = schema[index];
        owned = 0;
        if (element.Type is not null)
        {
            index++;
            return new Node(Kind.Data, element, [element.Name]);
        }

        // Parquet.Net looks at the element before this one in file order (not at the parent) to tell an implicit list.
        var before = index > 0 ? schema[index - 1] : null;
        var implicitList = (before is null || before.ConvertedType is null) && element.Repetition == ParquetSchemaElement.Repeated && !element.IsMap;
        if (element.IsList || implicitList)
        {
            owned = 1;
            if (implicitList)
            {
                if (element.NumChildren != 1)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the repeated group `{element.Name}` has {element.NumChildren} children where an implicit list has one"));
                }

                index++;
                return new Node(Kind.List, element, [element.Name]) { Group = element };
            }

            var middle = At(schema, index + 1, element);
            if (middle.NumChildren is not > 0)
            {
                // The repeated field is not a group: it is the element itself.
                index++;
                return new Node(Kind.List, element, [element.Name]) { Nullable = element.Repetition != ParquetSchemaElement.Required };
            }

            index += 2;
            return new Node(Kind.List, element, [element.Name, middle.Name]) { Group = middle, Nullable = element.Repetition != ParquetSchemaElement.Required };
        }

        if (element.IsMap)
        {
            var container = At(schema, index + 1, element);
            if (container.NumChildren != 2)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the map `{element.Name}` has a key-value group with {container.NumChildren} children"));
            }

            index += 2;
            owned = 2;
            return new Node(Kind.Map, element, [element.Name, container.Name]) { Group = container, Nullable = element.Repetition != ParquetSchemaElement.Required };
        }

        if (element.NumChildren is > 0)
        {
            index++;
            owned = element.NumChildren.Value;
            return new Node(Kind.Struct, element, [element.Name]) { Nullable = element.Repetition != ParquetSchemaElement.Required };
        }

        throw new InvalidDataException($"schema element `{element.Name}` is neither a column, a list, a map nor a struct");
    }

    /// <summary>Parquet.Net's <c>PropagateLevels</c> and <c>GetDataFields</c>, keeping the text leaves.</summary>
    private static void Collect(Node node, int repetition, int definition, List<ParquetStringField> strings)
    {
        switch (node.Kind)
        {
            case Kind.Data:
                var repeated = node.Element.Repetition == ParquetSchemaElement.Repeated;
                var nullable = node.Element.Repetition != ParquetSchemaElement.Required;
                if (node.Element.IsString)
                {
                    strings.Add(new ParquetStringField(node.Path, repetition + (repeated ? 1 : 0), definition + (repeated || nullable ? 1 : 0)));
                }

                return;
            case Kind.List:
                definition += (node.Nullable ? 1 : 0) + (node.Group is { Repetition: not ParquetSchemaElement.Required } ? 1 : 0);
                repetition += node.Group is null ? 0 : 1;
                Collect(Single(node), repetition, definition, strings);
                return;
            case Kind.Map:
                definition += (node.Nullable ? 1 : 0) + (node.Group is { Repetition: not ParquetSchemaElement.Required } ? 1 : 0);
                repetition++;
                if (node.Children.Count != 2)
                {
                    throw new InvalidDataException($"the map `{string.Join('/', node.Path)}` has no key or no value");
                }

                Collect(node.Children[0], repetition, definition, strings);
                Collect(node.Children[1], repetition, definition, strings);
                return;
            default:
                definition += node.Nullable ? 1 : 0;
                foreach (var child in node.Children)
                {
                    Collect(child, repetition, definition, strings);
                }

                return;
        }
    }

    private static Node Single(Node list) => list.Children.Count == 1 ? list.Children[0] : throw new InvalidDataException($"the list `{string.Join('/', list.Path)}` has no element");

    private static ParquetSchemaElement At(IReadOnlyList<ParquetSchemaElement> schema, int index, ParquetSchemaElement owner) =>
        index < schema.Count ? schema[index] : throw new InvalidDataException($"the schema ends inside `{owner.Name}`");

    private enum Kind
    {
        Data,
        List,
        Map,
        Struct,
    }

    /// <summary>One decoded field: what it is, its element, the path parts it adds and its children.</summary>
    private sealed class Node(Kind kind, ParquetSchemaElement element, string[] names)
    {
        public Kind Kind { get; } = kind;

        public ParquetSchemaElement Element { get; } = element;

        public string[] Names { get; } = names;

        public ParquetSchemaElement? Group { get; init; }

        public bool Nullable { get; init; }

        public List<string> Path { get; set; } = [];

        public List<Node> Children { get; } = [];
    }
}
