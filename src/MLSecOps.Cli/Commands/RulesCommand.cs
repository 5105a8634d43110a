using System.CommandLine;
using System.Text;
using MLSecOps.Core.Policy;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Reporting.Catalog;
using MLSecOps.Reporting.Compliance;

namespace MLSecOps.Cli.Commands;

/// <summary>The <c>rules</c> verb: one rule in full, a compact table at a terminal, or the catalogue (the source of docs/rules.md).</summary>
internal static class RulesCommand
{
    public static Command Create(CompositionRoot root)
    {
        var command = new Command("rules", "Print the rule catalogue (a table at a terminal), or one rule in full: mlsecops rules DEP013.");
        var id = new Argument<string?>("ID") { Description = "A rule id, such as DEP013: show that rule in full.", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string?>("--format")
        {
            Description = "table, markdown, json, or compliance (which rules check each OWASP, ATLAS and NIST AI RMF control: docs/compliance.md) (default: table at a terminal, else markdown).",
            HelpName = "table|markdown|json|compliance",
        }.AcceptOnlyFromAmong("table", "markdown", "json", "compliance");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        command.Arguments.Add(id);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var catalog = new RuleCatalog([.. root.Gates.Select(g => (g.Name, g.Stage, g.Rules))], PolicyRules.All);
            var path = parse.GetValue(output);
            var chosen = parse.GetValue(format) ?? (root.Host.IsOutputTerminal && path is null ? "table" : "markdown");
            string text;
            try
            {
                text = parse.GetValue(id) is { } ruleId ? Describe(catalog, ruleId, chosen) : Render(catalog, chosen);
            }
            catch (PolicyException ex)
            {
                await root.Host.Error.WriteLineAsync($"mlsecops: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            if (path is not null)
            {
                try
                {
                    await File.WriteAllTextAsync(Path.Combine(root.Host.WorkingDirectory, path), text, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await root.Host.Error.WriteLineAsync($"mlsecops: cannot write {path}: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
            }
            else
            {
                await root.Host.Out.WriteAsync(text).ConfigureAwait(false);
            }

            return ExitCodes.Passed;
        });
        return command;
    }

    private static string Describe(RuleCatalog catalog, string ruleId, string format)
    {
        var all = catalog.All.ToList();
        var match = all.FirstOrDefault(e => string.Equals(e.Rule.Id, ruleId, StringComparison.OrdinalIgnoreCase));
        if (match.Rule is null)
        {
            var near = NearestName.Find(ruleId.ToUpperInvariant(), all.Select(e => e.Rule.Id));
            throw new PolicyException($"unknown rule '{ruleId}'{(near is null ? "" : $"; did you mean '{near}'?")}; 'mlsecops rules' lists them all");
        }

        if (format == "json")
        {
            using var buffer = new MemoryStream();
            RuleCatalogJson.WriteRule(match.Gate, match.Rule, buffer);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        RuleCatalogText.WriteRule(match.Gate, match.Rule, writer);
        return writer.ToString();
    }

    private static string Render(RuleCatalog catalog, string format)
    {
        using var buffer = new MemoryStream();
        if (format == "json")
        {
            RuleCatalogJson.Write(catalog, buffer);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        if (format == "table")
        {
            RuleCatalogText.WriteTable(catalog, writer);
        }
        else if (format == "compliance")
        {
            ComplianceMarkdown.WriteCatalogue(ComplianceEvaluator.Checkers(catalog.All.Select(e => e.Rule), []), writer);
        }
        else
        {
            RuleCatalogMarkdown.Write(catalog, writer);
        }

        return writer.ToString();
    }
}
