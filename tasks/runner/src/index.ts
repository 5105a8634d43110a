// The Azure Pipelines task: runs the CLI bundled beside this file (unpacked from cli.tar.br on first use) with the
// agent's dotnet, passing every input as an argument and the job token only through the environment, then maps the
// exit code to the task result.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tl from 'azure-pipelines-task-lib/task';
import { cliArguments, TaskInput, verbOf } from './arguments';
import { BundleError, CliArchive, unpackedCli } from './bundle';
import { blockingIn, CliOutput, outcomeOf } from './outcome';

const DOTNET_MISSING = 'dotnet was not found on the agent: add a UseDotNet@2 step (packageType: runtime, version: 10.x) before this task. The task bundles the MLSecOps CLI and downloads nothing.';

// What the task library keeps from the environment (it leaves empty ones behind); the CLI gets its inputs as arguments.
const AGENT_SECRETS = /^(INPUT_|ENDPOINT_|SECUREFILE_|SECRET_|VSTS_TASKVARIABLE_)/;

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

// The job token from the agent's SystemVssConnection endpoint (or a mapped SYSTEM_ACCESSTOKEN); it reaches the CLI
// only through its environment. Read without the task library's debug lines, which would print the value.
function accessToken(): string | undefined {
  const auth = tl.getEndpointAuthorization('SystemVssConnection', true);
  return auth?.parameters?.['AccessToken'] || process.env['SYSTEM_ACCESSTOKEN'] || undefined;
}

async function run(): Promise<void> {
  const taskDir = __dirname;
  const task = readJson<{ inputs: TaskInput[] }>(path.join(taskDir, 'task.json'));
  const own = readJson<{ gate: string; cli?: CliArchive }>(path.join(taskDir, 'mlsecops-task.json'));
  const sources = tl.getVariable('Build.SourcesDirectory') || process.cwd();
  const temp = tl.getVariable('Agent.TempDirectory') || os.tmpdir();
  const verb = verbOf(own.gate, tl.getInput('gate', false));
  const shard = (tl.getInput('shard', false) || '').trim().replace('/', 'of');
  const sarif = path.resolve(sources, tl.getInput('sarif', false) || path.join(temp, 'mlsecops', `mlsecops-${verb}${shard ? '-' + shard : ''}.sarif`));
  fs.mkdirSync(path.dirname(sarif), { recursive: true });

  const dotnet = tl.which('dotnet', false);
  if (!dotnet) {
    tl.setVariable('decision', 'fail', false, true);
    tl.setResult(tl.TaskResult.Failed, DOTNET_MISSING);
    return;
  }
  let cli: string;
  try {
    cli = path.join(unpackedCli(taskDir, path.join(temp, 'mlsecops-cli'), own.cli, line => console.log(line)), 'mlsecops.dll');
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    tl.setVariable('decision', 'fail', false, true);
    tl.setResult(tl.TaskResult.Failed, `MLSecOps Gates: ${error.message}`);
    return;
  }

  const args = cliArguments(verb, task.inputs, { text: name => tl.getInput(name, false) }, sarif);
  const env: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !AGENT_SECRETS.test(key)) env[key] = value;
  }
  env.TF_BUILD = 'True';
  env.MLSECOPS_AZURE_TASK = 'true';
  const token = accessToken();
  if (token) env.SYSTEM_ACCESSTOKEN = token;

  const output: CliOutput = {};
  const tool = tl.tool(dotnet).arg(cli).arg(args);
  tool.on('stdline', (line: string) => { output.blocking = blockingIn(line) ?? output.blocking; });
  tool.on('errline', (line: string) => { if (line.trim()) output.lastError = line; });
  const code = await tool.exec({ cwd: sources, env, ignoreReturnCode: true, failOnStdErr: false, silent: false, windowsVerbatimArguments: false });

  tl.setVariable('sarifFile', sarif, false, true);
  if (code !== 0 && code !== 1) tl.setVariable('decision', 'fail', false, true);
  const outcome = outcomeOf(code, output);
  tl.setResult(outcome.succeeded ? tl.TaskResult.Succeeded : tl.TaskResult.Failed, outcome.message);
}

run().catch((error: unknown) => {
  tl.setVariable('decision', 'fail', false, true);
  tl.setResult(tl.TaskResult.Failed, `MLSecOps Gates: the scanner crashed (${error instanceof Error ? error.message : String(error)}); failing closed.`);
});
