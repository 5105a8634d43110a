using System.CommandLine;
using MLSecOps.Cli.Scanning;
using MLSecOps.Core.Files;
using MLSecOps.Core.Policy;
using MLSecOps.Core.Rules;

namespace MLSecOps.Cli.Commands;

/// <summary>The arguments shared by <c>scan</c>, the gate verbs and <c>baseline</c>, and their mapping to <see cref="ScanOptions"/>.</summary>
internal sealed class ScanArguments
{
    public Argument<string> Path { get; } = new("PATH")
    {
        Description = "A folder or a single file inside the repository.",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    public Option<string?> Policy { get; } = new("--policy") { Description = "Policy file (default: the nearest .mlsecops.yml from PATH up to the repository root, else built-in defaults)." };

    public Option<string?> FailOn { get; } = new Option<string?>("--fail-on")
    {
        HelpName = string.Join('|', SeverityNames.All.Append("none")),
        Description = "Lowest severity that blocks: critical, high, medium, low, info or none (overrides the policy; default high).",
    }.AcceptOnlyFromAmong("critical", "high", "medium", "low", "info", "none");

    public Option<string?> Baseline { get; } = new("--baseline") { Description = "Baseline file: findings recorded in it do not block." };

    public Option<string?> Shard { get; } = new("--shard") { Description = "Scan only part i of n of the files (i/n, such as 2/4), to split a large repository across jobs." };

    /// <summary>Adds the arguments to a command.</summary>
    public void AddTo(Command command)
    {
        Path.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault() is { } token && token.Value.StartsWith("--", StringComparison.Ordinal))
            {
                result.AddError($"unknown option '{token.Value}'");
            }
        });
        command.Arguments.Add(Path);
        command.Options.Add(Policy);
        command.Options.Add(FailOn);
        command.Options.Add(Baseline);
        command.Options.Add(Shard);
    }

    /// <summary>Maps the parsed values to options; a malformed value is a <see cref="PolicyException"/>.</summary>
    public ScanOptions Bind(ParseResult parse, string? gate)
    {
        var failOn = parse.GetValue(FailOn);
        var shardText = parse.GetValue(Shard);
        Shard? shard = null;
        if (shardText is not null)
        {
            shard = Core.Files.Shard.TryParse(shardText) ?? throw new PolicyException($"--shard '{shardText}': write it as i/n with 1 <= i <= n, such as 2/4");
        }

        return new ScanOptions
        {
            Gate = gate,
            Path = parse.GetValue(Path) ?? ".",
            PolicyFile = parse.GetValue(Policy),
            HasFailOn = failOn is not null,
            FailOn = failOn is not null && SeverityNames.TryParse(failOn, out var severity) ? severity : null,
            BaselineFile = parse.GetValue(Baseline),
            Shard = shard,
        };
    }
}
