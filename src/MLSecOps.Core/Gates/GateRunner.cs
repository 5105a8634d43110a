using System.Diagnostics;
using System.Text.RegularExpressions;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Gates;

/// <summary>Runs gates concurrently, each under its own time budget; a gate that throws or times out fails closed with POL001.</summary>
/// <param name="fallbackLocation">Where POL001 findings point (the policy file or the scanned folder).</param>
public sealed class GateRunner(Location fallbackLocation)
{
    private const int MaxReasonLength = 300;

    /// <summary>How long a gate may take past its budget to return what it found before the runner stops waiting.</summary>
    private static readonly TimeSpan s_cancellationGrace = TimeSpan.FromSeconds(2);

    /// <summary>Runs every plan and returns the runs in plan order.</summary>
    /// <param name="plans">The gates to run.</param>
    /// <param name="cancellationToken">Cancels the whole scan.</param>
    /// <returns>One run per plan.</returns>
    public async Task<IReadOnlyList<GateRun>> RunAsync(IReadOnlyList<GatePlan> plans, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plans);
        return await Task.WhenAll(plans.Select(plan => Task.Run(() => RunOneAsync(plan, cancellationToken), cancellationToken))).ConfigureAwait(false);
    }

    private async Task<GateRun> RunOneAsync(GatePlan plan, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(plan.Timeout);
        var watch = Stopwatch.StartNew();
        GateResult result;
        try
        {
            // WaitAsync makes the budget pre-emptive: a gate stuck in a call that never observes the token (a blocking
            // open, a native read) is abandoned shortly after its time is up instead of holding the whole scan.
            var gateToken = budget.Token;
            result = await Task.Run(() => plan.Gate.RunAsync(plan.Context, gateToken), CancellationToken.None).WaitAsync(plan.Timeout + s_cancellationGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex) when (ex is not RegexMatchTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            result = Failed(plan, $"it ran out of its {plan.Timeout.TotalSeconds:0} s time budget");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = Failed(plan, $"it ran out of its {plan.Timeout.TotalSeconds:0} s time budget");
        }
#pragma warning disable CA1031 // Any failure of a gate must become a finding, never a crash or a silent pass.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            result = Failed(plan, $"{ex.GetType().Name}: {OneLine(ex.Message)}");
        }

        // The gate's task completes inside the gate's last frame, and without a yield the rest of the scan (policy, every
        // output) would run nested in it, keeping the gate's working state (parsed resources, hits) reachable to the end.
        await Task.Yield();
        var gate = plan.Gate.Name;
        Finding[] findings = [.. plan.DiscoveryFindings, .. result.Findings];
        for (var i = 0; i < findings.Length; i++)
        {
            findings[i] = findings[i].Gate == gate ? findings[i] : findings[i] with { Gate = gate };
        }

        return new GateRun(plan.Gate, result with { Findings = findings, Duration = watch.Elapsed });
    }

    private GateResult Failed(GatePlan plan, string reason) =>
        GateResult.Of([ScanError.Create(plan.Gate.Name, fallbackLocation, reason)], plan.Context.Files.Count);

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= MaxReasonLength ? line : line[..MaxReasonLength] + "…";
    }
}
