using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MLSecOps.Gates.ModelScan.Formats.ChatTemplates;

/// <summary>The <c>chat_template</c> values of YAML configs (serving and fine-tuning configs carry one), read as a bounded event stream; anchors are never expanded.</summary>
internal sealed class YamlChatTemplateAnalyzer : IModelFileAnalyzer
{
    private const int MaxYamlBytes = 1024 * 1024;
    private const int MaxEvents = 100_000;
    private const int MaxDepth = 64;
    private const string Key = "chat_template";

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [ChatTemplateInjection.Descriptor, ChatTemplateExternalInclude.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.Kind == ModelContentKind.Text && Path.GetExtension(probe.FileName) is ".yaml" or ".yml" && probe.File.Length <= MaxYamlBytes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(probe.File.FullPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [IncompleteScan.Create(probe.File.RelativePath, null, $"the YAML could not be read ({ex.Message})")];
        }

        if (!text.Contains(Key, StringComparison.Ordinal))
        {
            return [];
        }

        var path = probe.File.RelativePath;
        try
        {
            var findings = new List<Finding>();
            var allowance = RegexAllowance.For(settings, cancellationToken);
            foreach (var (logicalPath, template, line) in Templates(text))
            {
                findings.AddRange(ChatTemplateInspector.Inspect(path, logicalPath, template, allowance).Select(f => f with { Location = f.Location with { StartLine = line } }));
            }

            return findings;
        }
        catch (YamlException ex)
        {
            return [IncompleteScan.Create(path, null, $"the YAML holds a chat_template but cannot be parsed ({ex.Start.Line}:{ex.Start.Column})") with { Severity = Severity.Medium }];
        }
        catch (InvalidDataException ex)
        {
            return [IncompleteScan.Create(path, null, ex.Message) with { Severity = Severity.Medium }];
        }
    }

    // Every scalar under a chat_template key (a string, or the list of {name, template} that tokenizers also accept).
    private static IEnumerable<(string LogicalPath, string Template, int Line)> Templates(string text)
    {
        var parser = new Parser(new StringReader(text));
        var events = 0;
        var templateDepth = -1;
        var nodes = new Stack<NodeState>();
        while (parser.MoveNext())
        {
            if (++events > MaxEvents)
            {
                throw new InvalidDataException($"the YAML has more than {MaxEvents} nodes, so its chat_template was not inspected");
            }

            var current = parser.Current!;
            switch (current)
            {
                case MappingStart or SequenceStart:
                    ValueRead(nodes);
                    if (nodes.Count >= MaxDepth)
                    {
                        throw new InvalidDataException($"the YAML nests deeper than {MaxDepth}, so its chat_template was not inspected");
                    }

                    nodes.Push(current is MappingStart ? NodeState.Key : NodeState.Sequence);
                    break;
                case MappingEnd or SequenceEnd:
                    nodes.Pop();
                    if (templateDepth >= nodes.Count)
                    {
                        templateDepth = -1;
                    }

                    break;
                case Scalar scalar when nodes.TryPeek(out var state) && state == NodeState.Key:
                    nodes.Pop();
                    nodes.Push(NodeState.Value);
                    if (scalar.Value == Key && templateDepth < 0)
                    {
                        templateDepth = nodes.Count;
                    }

                    break;
                case Scalar scalar:
                    if (templateDepth >= 0 && scalar.Value.Length > 0)
                    {
                        yield return (Key, scalar.Value, (int)Math.Min(scalar.Start.Line, int.MaxValue));
                    }

                    if (templateDepth == nodes.Count)
                    {
                        templateDepth = -1;
                    }

                    ValueRead(nodes);
                    break;
                case AnchorAlias:
                    if (templateDepth == nodes.Count)
                    {
                        templateDepth = -1;
                    }

                    ValueRead(nodes);
                    break;
                default:
                    break;
            }
        }
    }

    // In a mapping, a value was read: the next node is a key again.
    private static void ValueRead(Stack<NodeState> nodes)
    {
        if (nodes.TryPeek(out var state) && state == NodeState.Value)
        {
            nodes.Pop();
            nodes.Push(NodeState.Key);
        }
    }

    private enum NodeState
    {
        Sequence,
        Key,
        Value,
    }
}
