using System.CommandLine;

namespace MLSecOps.Cli.Commands;

/// <summary>The <c>init</c> verb: writes a starter policy, threat model and GitHub workflow, never overwriting.</summary>
internal static class InitCommand
{
    private const string Policy = """
        # MLSecOps Gates policy. Reference: docs/policy.md; rule ids: `mlsecops rules`.
        version: 1
        fail-on: high
        gates:
          model-scan:
            paths: ["models/**"]
          data-check:
            paths: ["data/**"]
          deploy-audit:
            paths: ["deploy/**", "**/Dockerfile"]
          design-review:
            paths: ["docs/**", "models/README.md"]
        rules: {}
        waivers: []
        # - rule: DAT003
        #   paths: ["data/synthetic/**"]
        #   reason: synthetic data, no real people
        #   expires: 2027-03-31
        #   approved-by: security@example.com

        """;

    private const string ThreatModel = """
        # Threat model of this ML system (read by the design-review gate).
        system: my-model
        owners: ["@org/ml-team"]
        assets:
          - name: trained model weights
            kind: intellectual-property
            owner: "@org/ml-team"
        data-classification: internal
        integrations: []
        threats:
          - id: model-theft
            mitigations: ["endpoint authentication", "rate limits"]
          - id: data-poisoning
            mitigations: ["data provenance recorded", "data-check gate in CI"]
        sign-off:
          approved-by: ""
          date: ""

        """;

    private const string Workflow = """
        name: mlsecops
        on:
          pull_request:
          push:
            branches: [main]
        permissions:
          contents: read
          security-events: write
          checks: write
        jobs:
          gates:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
                with: { persist-credentials: false }
              - uses: mlsecops-gates/mlsecops@v1
                with:
                  gate: all

        """;

    public static Command Create(CompositionRoot root)
    {
        var command = new Command("init", "Write a starter .mlsecops.yml, docs/threat-model.yml and .github/workflows/mlsecops.yml (existing files are kept).");
        var path = new Argument<string>("PATH") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => ".", Description = "The repository folder." };
        command.Arguments.Add(path);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = Path.Combine(root.Host.WorkingDirectory, parse.GetValue(path) ?? ".");
            if (!Directory.Exists(folder))
            {
                await root.Host.Error.WriteLineAsync($"mlsecops: {parse.GetValue(path)}: folder not found; create it or pass an existing folder").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            try
            {
                foreach (var (relative, content) in new[] { (".mlsecops.yml", Policy), ("docs/threat-model.yml", ThreatModel), (".github/workflows/mlsecops.yml", Workflow) })
                {
                    var file = Path.Combine(folder, relative);
                    if (File.Exists(file))
                    {
                        await root.Host.Error.WriteLineAsync($"mlsecops: kept existing {relative}").ConfigureAwait(false);
                        continue;
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    await File.WriteAllTextAsync(file, content, cancellationToken).ConfigureAwait(false);
                    await root.Host.Error.WriteLineAsync($"mlsecops: wrote {relative}").ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await root.Host.Error.WriteLineAsync($"mlsecops: cannot write starter files: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            return ExitCodes.Passed;
        });
        return command;
    }
}
