#!/usr/bin/env node
// Writes tasks/<Task>/task.json (+ mlsecops-task.json, the task's gate) and tasks/vss-extension.json from the one description below, so the five tasks
// never drift (as eng/generate-actions.py does for the GitHub actions).
//   node tasks/generate-tasks.mjs --version 0.1.0            rewrite the committed files
//   node tasks/generate-tasks.mjs --version 0.1.0 --check    exit 1 when a committed file differs (CI, tests)
//   node tasks/generate-tasks.mjs --version 1.2.3 --out DIR  write into a staging folder (build.cake Pack)
// The version is the product's one version, the one `mlsecops --version` reports.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const PUBLISHER = 'mlsecops-gates';
export const EXTENSION_ID = 'mlsecops-gates';

export const GATES = [
  { task: 'MLSecOpsDesignReview', id: 'bc12965c-c246-46bd-b152-ab4d8091ff51', gate: 'design-review', friendlyName: 'MLSecOps design review',
    description: 'Checks threat models, model cards and approvals before ML work ships.' },
  { task: 'MLSecOpsDataCheck', id: '8d791b38-4cd6-4630-91cf-a7cc3551e501', gate: 'data-check', friendlyName: 'MLSecOps data check',
    description: 'Scans data sets for personal data, secrets, poisoning signals and licence problems.' },
  { task: 'MLSecOpsModelScan', id: 'dbadf963-38f8-41cc-b18e-c5c7fb11c5bf', gate: 'model-scan', friendlyName: 'MLSecOps model scan',
    description: 'Scans model files (pickle, PyTorch, Keras, ONNX, safetensors, GGUF) for code execution and tampering, without loading them.' },
  { task: 'MLSecOpsDeployAudit', id: 'e3747baf-70a9-42af-a3a2-268d90845dd7', gate: 'deploy-audit', friendlyName: 'MLSecOps deploy audit',
    description: 'Audits Dockerfiles, Kubernetes manifests and serving configs of ML deployments.' },
];

export const UMBRELLA = { task: 'MLSecOpsScan', id: '5e6c97d2-ecb4-4dc1-a514-4d38b703da55', gate: 'all', friendlyName: 'MLSecOps Gates',
  description: 'Security gates for ML repositories: design review, data check, model scan and deploy audit, with SARIF for the Scans tab, pull request statuses and threads.' };

const GROUPS = [
  { name: 'scan', displayName: 'Scan', isExpanded: true },
  { name: 'outputs', displayName: 'Outputs', isExpanded: true },
  { name: 'pullRequest', displayName: 'Pull request', isExpanded: false },
];

// Every input except gate and path becomes the CLI option of the same name in kebab case (failOn -> --fail-on);
// the runner passes each one explicitly, because the task library deletes INPUT_* from the environment.
function inputs(gate) {
  const rows = [];
  if (gate === 'all') {
    rows.push({ name: 'gate', type: 'pickList', label: 'Gate', defaultValue: 'all', required: true,
      options: { all: 'all (every enabled gate)', 'design-review': 'design-review', 'data-check': 'data-check', 'model-scan': 'model-scan', 'deploy-audit': 'deploy-audit' },
      helpMarkDown: 'Which gate to run: `all` (the `scan` command, every gate the policy enables) or one gate.' });
  }
  rows.push(
    { name: 'path', type: 'string', label: 'Path', defaultValue: '.', required: true, groupName: 'scan',
      helpMarkDown: 'Folder or file to scan, relative to `$(Build.SourcesDirectory)`.' },
    { name: 'policy', type: 'string', label: 'Policy file', defaultValue: '', groupName: 'scan',
      helpMarkDown: 'Policy file (`.mlsecops.yml`). Empty: `PATH/.mlsecops.yml` if present, else the built-in defaults.' },
    { name: 'failOn', type: 'pickList', label: 'Fail on', defaultValue: 'policy', groupName: 'scan',
      options: { policy: "the policy's value (default high)", critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'info', none: 'none (never block)' },
      helpMarkDown: 'Lowest severity that fails the task and blocks the pull request.' },
    { name: 'baseline', type: 'string', label: 'Baseline file', defaultValue: '', groupName: 'scan',
      helpMarkDown: 'Baseline file written by `mlsecops baseline`; findings recorded in it do not block.' },
    { name: 'shard', type: 'string', label: 'Shard', defaultValue: '', groupName: 'scan',
      helpMarkDown: 'Scan only shard `i/n` of the files (for example `2/4`) to split a large repository across parallel jobs. Empty: everything.' },
    { name: 'sarif', type: 'string', label: 'SARIF file', defaultValue: '', groupName: 'outputs',
      helpMarkDown: 'Where to write the SARIF 2.1.0 file. Empty: a file in `$(Agent.TempDirectory)`. Its path is the output variable `sarifFile`.' },
    { name: 'publishSarif', type: 'boolean', label: 'Publish SARIF for the Scans tab', defaultValue: 'true', groupName: 'outputs',
      helpMarkDown: 'Publish the SARIF file in the `CodeAnalysisLogs` build artifact, which the [SARIF SAST Scans Tab](https://marketplace.visualstudio.com/items?itemName=sariftools.scans) shows. Each job adds a uniquely named file, so parallel jobs share the one artifact.' },
    { name: 'annotations', type: 'boolean', label: 'Log findings as issues', defaultValue: 'true', groupName: 'outputs',
      helpMarkDown: 'Write the most severe findings as task errors and warnings (the agent keeps about 10 of each per task); the run summary lists all.' },
    { name: 'prStatus', type: 'boolean', label: 'Pull request status per gate', defaultValue: 'true', groupName: 'pullRequest',
      helpMarkDown: 'On pull-request builds, post the status `mlsecops/<gate>` on the validated iteration, for a branch status policy. Needs *Contribute to pull requests* for the build service.' },
    { name: 'prThreads', type: 'boolean', label: 'Pull request threads', defaultValue: 'true', groupName: 'pullRequest',
      helpMarkDown: 'On pull-request builds, keep one thread per blocking finding on its file and line: updated on re-runs, resolved as fixed when the finding is gone.' },
    { name: 'prThreadLimit', type: 'string', label: 'Most threads per run', defaultValue: '20', groupName: 'pullRequest',
      helpMarkDown: 'How many finding threads one run creates or updates; the rest are listed in one summary thread.' },
  );
  return rows;
}

const OUTPUTS = [
  { name: 'decision', description: 'pass or fail.' },
  { name: 'findings', description: 'How many unsuppressed findings were reported.' },
  { name: 'blocking', description: 'How many findings block (0 when the decision is pass).' },
  { name: 'sarifFile', description: 'Absolute path of the SARIF file written.' },
];

export function parseVersion(text) {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(text ?? '');
  if (!match) throw new Error(`--version must start with MAJOR.MINOR.PATCH, got '${text}'`);
  return { Major: Number(match[1]), Minor: Number(match[2]), Patch: Number(match[3]) };
}

function taskJson(spec, version) {
  return {
    id: spec.id,
    name: spec.task,
    friendlyName: spec.friendlyName,
    description: spec.description,
    helpUrl: 'https://github.com/mlsecops-gates/mlsecops/blob/main/docs/azure-devops.md',
    helpMarkDown: `[MLSecOps Gates on Azure DevOps](https://github.com/mlsecops-gates/mlsecops/blob/main/docs/azure-devops.md). Runs the bundled \`mlsecops\` CLI with the agent's \`dotnet\` (add \`UseDotNet@2\` with .NET 10 first); nothing is downloaded.`,
    category: 'Utility',
    visibility: ['Build'],
    runsOn: ['Agent'],
    author: 'MLSecOps Gates',
    version,
    minimumAgentVersion: '3.232.1',
    instanceNameFormat: spec.gate === 'all' ? 'MLSecOps Gates: $(gate)' : `${spec.friendlyName}: $(path)`,
    groups: GROUPS,
    inputs: inputs(spec.gate),
    outputVariables: OUTPUTS,
    execution: {
      Node20_1: { target: 'index.js', argumentFormat: '' },
      Node24: { target: 'index.js', argumentFormat: '' },
    },
  };
}

function extensionJson(version) {
  const tasks = [UMBRELLA, ...GATES];
  return {
    manifestVersion: 1,
    id: EXTENSION_ID,
    publisher: PUBLISHER,
    name: 'MLSecOps Gates',
    version: `${version.Major}.${version.Minor}.${version.Patch}`,
    description: 'Security gates for ML repositories: design review, data check, model scan and deploy audit, with SARIF for the Scans tab, pull request statuses and threads.',
    public: false,
    categories: ['Azure Pipelines'],
    tags: ['security', 'machine learning', 'sarif', 'model scanning', 'mlsecops'],
    targets: [{ id: 'Microsoft.VisualStudio.Services' }],
    content: { details: { path: 'overview.md' } },
    repository: { type: 'git', uri: 'https://github.com/mlsecops-gates/mlsecops' },
    files: tasks.map(t => ({ path: t.task })),
    contributions: tasks.map(t => ({
      id: `${t.task}-task`,
      type: 'ms.vss-distributed-task.task',
      targets: ['ms.vss-distributed-task.tasks'],
      properties: { name: t.task },
    })),
  };
}

/** Returns every generated file as [path relative to tasks/, text]. */
export function generate(versionText) {
  const version = parseVersion(versionText);
  const files = [[ 'vss-extension.json', extensionJson(version) ]];
  for (const spec of [UMBRELLA, ...GATES]) {
    files.push([ `${spec.task}/task.json`, taskJson(spec, version) ]);
    // The runner reads which verb its task runs from here: task.json allows no field of our own.
    files.push([ `${spec.task}/mlsecops-task.json`, { gate: spec.gate } ]);
  }
  return files.map(([path, json]) => [path, JSON.stringify(json, null, 2) + '\n']);
}

function main(argv) {
  const arg = name => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const version = arg('--version');
  const out = arg('--out') ?? here;
  const check = argv.includes('--check');
  const stale = [];
  for (const [path, text] of generate(version)) {
    const target = join(out, path);
    if (check) {
      if (!existsSync(target) || readFileSync(target, 'utf8') !== text) stale.push(path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  if (stale.length > 0) {
    console.error(`stale generated files: ${stale.join(', ')}; run node tasks/generate-tasks.mjs --version ${version} and commit them`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try { process.exitCode = main(process.argv.slice(2)); } catch (e) { console.error(`generate-tasks: ${e.message}`); process.exitCode = 2; }
}
