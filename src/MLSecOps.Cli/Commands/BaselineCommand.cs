using System.CommandLine;
using MLSecOps.Cli.Scanning;
using MLSecOps.Core.Policy;

namespace MLSecOps.Cli.Commands;

/// <summary>The <c>baseline</c> verb: records the current findings as accepted, so only new ones block.</summary>
internal static class BaselineCommand
{
    public static Command Create(CompositionRoot root)
    {
        var command = new Command("baseline", "Record the current unsuppressed findings as accepted (pass the file to --baseline later).");
        var arguments = new ScanArguments();
        arguments.AddTo(command);
        var output = new Option<string>("--output", "-o") { Description = "The baseline file to write.", Required = true };
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var options = arguments.Bind(parse, gate: null);
                var service = new ScanService(root.Gates, root.Host);
                var target = service.Resolve(options);
                var report = await service.ScanAsync(target, options, progress: null, cancellationToken).ConfigureAwait(false);
                var baseline = Baseline.From(report.AllFindings.Where(f => !f.IsSuppressed).Select(f => f.Finding));
                var path = Path.Combine(root.Host.WorkingDirectory, parse.GetValue(output)!);
                await using (var stream = File.Create(path))
                {
                    baseline.Save(stream);
                }

                await root.Host.Error.WriteLineAsync($"mlsecops: wrote {baseline.Count} findings to {parse.GetValue(output)}").ConfigureAwait(false);
                return ExitCodes.Passed;
            }
            catch (PolicyException ex)
            {
                await root.Host.Error.WriteLineAsync($"mlsecops: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await root.Host.Error.WriteLineAsync($"mlsecops: cannot write the baseline: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
        });
        return command;
    }
}
