using System.CommandLine;
using MLSecOps.Cli.Commands.Init;

namespace MLSecOps.Cli.Commands;

/// <summary>The <c>init</c> verb: writes a starter policy matching the repository's layout, a threat model, model and data-set cards and the CI file, never overwriting.</summary>
internal static class InitCommand
{
    public static Command Create(CompositionRoot root)
    {
        var command = new Command("init", "Write a starter .mlsecops.yml (paths from what the repository holds), docs/threat-model.yml, model and data-set cards, and the CI file (existing files are kept).");
        var path = new Argument<string>("PATH") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => ".", Description = "The repository folder." };
        var ci = new Option<string>("--ci") { Description = "Which CI file to write: auto (from .github/, azure-pipelines.yml or the git remote), github or azure.", DefaultValueFactory = _ => "auto" }
            .AcceptOnlyFromAmong("auto", "github", "azure");
        command.Arguments.Add(path);
        command.Options.Add(ci);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = Path.GetFullPath(Path.Combine(root.Host.WorkingDirectory, parse.GetValue(path) ?? "."));
            if (!Directory.Exists(folder))
            {
                await root.Host.Error.WriteLineAsync($"mlsecops: {parse.GetValue(path)}: folder not found; create it or pass an existing folder").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var layout = RepositoryLayout.Detect(folder);
            if (parse.GetValue(ci) is "github" or "azure" && parse.GetValue(ci) != layout.Platform)
            {
                layout = layout with { Platform = parse.GetValue(ci)!, PlatformReason = "--ci " + parse.GetValue(ci) };
            }

            await Describe(root.Host.Error, layout).ConfigureAwait(false);
            try
            {
                foreach (var (relative, content) in StarterFiles.For(layout, Path.GetFileName(folder), folder))
                {
                    var file = Path.Combine(folder, relative);
                    if (File.Exists(file))
                    {
                        await root.Host.Error.WriteLineAsync($"mlsecops: kept existing {relative}").ConfigureAwait(false);
                        continue;
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    await using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                    await using var writer = new StreamWriter(stream);
                    await writer.WriteAsync(content.AsMemory(), cancellationToken).ConfigureAwait(false);
                    await root.Host.Error.WriteLineAsync($"mlsecops: wrote {relative}").ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await root.Host.Error.WriteLineAsync($"mlsecops: cannot write starter files: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            await root.Host.Error.WriteLineAsync("mlsecops: fill in every TODO and [More Information Needed]; `mlsecops design-review` fails until you do").ConfigureAwait(false);
            return ExitCodes.Passed;
        });
        return command;
    }

    private static async Task Describe(TextWriter error, RepositoryLayout layout)
    {
        static string List(IReadOnlyList<string> globs) => globs.Count == 0 ? "none found" : string.Join(", ", globs);
        await error.WriteLineAsync($"mlsecops: models: {List(layout.ModelGlobs)}; data: {List(layout.DataGlobs)}; serving configs: {List(layout.ServingGlobs)}").ConfigureAwait(false);
        await error.WriteLineAsync($"mlsecops: CI: {(layout.Platform == "azure" ? "Azure Pipelines" : "GitHub Actions")} ({layout.PlatformReason})").ConfigureAwait(false);
    }
}
