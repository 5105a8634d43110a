using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Helm;
using MLSecOps.Gates.DeployAudit.Images;
using MLSecOps.Gates.DeployAudit.Kustomize;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit;

/// <summary>The deploy-audit gate (deployment stage): stops insecure model serving: privileged pods, exposed endpoints without auth, missing limits and secrets in manifests.</summary>
public sealed class DeployAuditGate : IGate
{
    private static readonly DeployRuleSet s_rules = new(
    [
        new PrivilegedContainer(),
        new PrivilegeEscalationAllowed(),
        new RootUser(),
        new RunAsNonRootNotEnforced(),
        new WritableRootFilesystem(),
        new DangerousCapabilityAdded(),
        new CapabilitiesNotDropped(),
        new HostNamespaceShared(),
        new HostPathVolume(),
        new ContainerRuntimeSocket(),
        new HostPortUsed(),
        new SeccompNotEnforced(),
        new ServiceAccountTokenMounted(),
        new DefaultNamespace(),
        new ImageLatestTag(),
        new ImageNotPinnedByDigest(),
        new ImagePullPolicyNotAlways(),
        new UntrustedRegistry(),
        new MemoryLimitMissing(),
        new CpuLimitMissing(),
        new ResourceRequestsMissing(),
        new GpuLimitMissing(),
        new LlmServerUnbounded(),
        new ProbesMissing(),
        new ModelServiceExposed(),
        new ServiceExposedExternally(),
        new IngressWithoutAuth(),
        new InferenceServiceExposed(),
        new InferenceLoggingMissing(),
        new SeldonLoggingMissing(),
        new KServeMetricsNotScraped(),
        new ModelServerMetricsDisabled(),
        new LlmServerWithoutMetrics(),
        new ModelServerNotScraped(),
        new LlmOutputUnbounded(),
        new IngressWithoutTls(),
        new NetworkPolicyMissing(),
        new TrustRemoteCode(),
        new LlmServerWithoutApiKey(),
        new OllamaListensOnAllInterfaces(),
        new TritonDynamicModelControl(),
        new TorchServeManagementExposed(),
        new TorchServeAllowedUrlsUnrestricted(),
        new RayWithoutAuth(),
        new RayRuntimeEnvFromBranch(),
        new MlflowWithoutAuth(),
        new JupyterWithoutAuth(),
        new VllmUnsafeFeature(),
        new HardcodedSecret(),
        new SecretInConfigData(),
        new SecretInBuildArg(),
        new BaseImageLatest(),
        new BaseImageNotPinned(),
        new AddFromUrl(),
        new RemoteScriptPiped(),
        new VerificationDisabled(),
        new ImageRunsAsRoot(),
        new SshPortExposed(),
        new HealthcheckMissing(),
        new ComposePrivileged(),
        new ComposeHostNamespace(),
        new ComposePortPublished(),
        new ComposeModelServerUnlimited(),
    ]);

    /// <inheritdoc />
    public string Name => "deploy-audit";

    /// <inheritdoc />
    public string Stage => "deployment";

    /// <inheritdoc />
    public string Description => "stops insecure model serving: privileged pods, exposed endpoints without auth, missing limits and secrets in manifests";

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
    [
        MalformedYaml.Descriptor,
        HelmTemplateNotRendered.Descriptor,
        IgnoreWithoutReason.Descriptor,
        ScanLimitExceeded.Descriptor,
        .. s_rules.All.Select(r => r.Descriptor).Append(SecretInHelmValues.Descriptor).OrderBy(d => d.Id, StringComparer.Ordinal),
    ];

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings => DeployAuditSettings.Descriptors;

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultPaths { get; } =
        ["**/*.yaml", "**/*.yml", "**/Dockerfile*", "**/*.Dockerfile", "**/*.dockerfile", "**/config.properties"];

    /// <inheritdoc />
    /// <remarks>Dockerfiles and compose files by name; other YAML when its first 8 KiB hold a Kubernetes <c>apiVersion</c> and <c>kind</c>.</remarks>
    public bool Understands(ScanFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var name = Path.GetFileName(file.RelativePath);
        if (name.StartsWith("Dockerfile", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".dockerfile", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase) || name.StartsWith("compose.", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            && HeadHoldsManifest(file.FullPath);
    }

    /// <inheritdoc />
    public async Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = DeployAuditSettings.From(context.Settings);
        var files = context.Files;
        var layout = KustomizeLayout.Read(files);
        var auditor = new FileAuditor(settings, s_rules, layout.Composes);
        var audits = new FileAudit[files.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, context.MaxParallelism), CancellationToken = cancellationToken };
        await Task.Run(
            () => Parallel.For(0, files.Count, options, i =>
            {
                audits[i] = auditor.Audit(files[i], options.CancellationToken);
                context.Progress?.Report(new GateProgress(Name, Interlocked.Increment(ref done), files.Count));
            }),
            cancellationToken).ConfigureAwait(false);

        var rendering = await ChartRendering.RenderAsync(context, audits, settings, auditor, cancellationToken).ConfigureAwait(false);
        audits = [.. rendering.Audits];
        var resources = audits.SelectMany(a => a.Resources).ToList();
        var credit = OverlayCredit.Build(layout, [.. audits.SelectMany(a => a.Views)]);
        var cluster = new ClusterView([.. resources.Where(r => !layout.IsPatch(r.Manifest.Path))]);

        // The cluster-wide rules only read the view (its index is built once, under a lock), so they run side by side; their hits keep rule order.
        var clusterHits = new Hit[s_rules.Cluster.Count][];
        Parallel.For(0, clusterHits.Length, options, i => clusterHits[i] = [.. s_rules.Cluster[i].Evaluate(cluster, settings)]);
        var hits = HelmTemplateNotRendered.OncePerChart(audits.SelectMany(a => a.Hits), rendering.Failures).Concat(clusterHits.SelectMany(h => h))
            .Select(rendering.Locate)
            .Where(h => !h.Absent || !(layout.IsPatch(h.Path) || credit.Supplies(h.Path, h.KeyPath)))
            .Where(h => !credit.FixesImage(h.Rule.Id, h.Path, h.Subject, h.KeyPath));
        var findings = new FindingAssembler(audits, resources).Assemble(hits);
        return GateResult.Of(findings, files.Count) with { Assets = ServingImages.From(audits) };
    }

    private static bool HeadHoldsManifest(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var head = new byte[8 * 1024];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var text = System.Text.Encoding.UTF8.GetString(head, 0, read);
            return text.Contains("apiVersion:", StringComparison.Ordinal) && text.Contains("kind:", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
