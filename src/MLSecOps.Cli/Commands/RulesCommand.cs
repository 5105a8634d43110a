using System.CommandLine;
using System.Text;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Reporting.Catalog;

namespace MLSecOps.Cli.Commands;

/// <summary>The <c>rules</c> verb: prints the rule catalogue (the source of docs/rules.md).</summary>
internal static class RulesCommand
{
    public static Command Create(CompositionRoot root)
    {
        var command = new Command("rules", "Print the rule catalogue with the threat coverage matrix.");
        var format = new Option<string>("--format")
        {
            Description = "markdown or json.",
            DefaultValueFactory = _ => "markdown",
        }.AcceptOnlyFromAmong("markdown", "json");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var catalog = new RuleCatalog([.. root.Gates.Select(g => (g.Name, g.Stage, g.Rules))], PolicyRules.All);
            using var buffer = new MemoryStream();
            if (parse.GetValue(format) == "json")
            {
                RuleCatalogJson.Write(catalog, buffer);
            }
            else
            {
                using var writer = new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
                RuleCatalogMarkdown.Write(catalog, writer);
            }

            var text = Encoding.UTF8.GetString(buffer.ToArray());
            if (parse.GetValue(output) is { } path)
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
}
