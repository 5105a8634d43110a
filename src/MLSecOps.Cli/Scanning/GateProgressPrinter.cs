using MLSecOps.Core.Gates;
using Spectre.Console;

namespace MLSecOps.Cli.Scanning;

/// <summary>Progress on standard error: a live status line for people at a terminal, one plain line under CI.</summary>
/// <param name="host">The process environment.</param>
internal sealed class GateProgressPrinter(CliHost host)
{
    private readonly Dictionary<string, GateProgress> _latest = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="scan"/> while showing its progress.</summary>
    public async Task<T> ShowAsync<T>(string description, Func<IProgress<GateProgress>, Task<T>> scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        if (!host.IsInteractive || host.IsCi)
        {
            await host.Error.WriteLineAsync($"mlsecops: {description}").ConfigureAwait(false);
            return await scan(new Progress<GateProgress>(_ => { })).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(host.Error) });
        return await console.Status().StartAsync(Markup.Escape(description), async context =>
        {
            var progress = new Progress<GateProgress>(p =>
            {
                lock (_latest)
                {
                    _latest[p.Gate] = p;
                    context.Status(Markup.Escape(string.Join("  ", _latest.Values.Select(v => $"{v.Gate} {v.Done}/{v.Total}"))));
                }
            });
            return await scan(progress).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
