#!/usr/bin/env node
// Builds the Azure DevOps extension from tasks/ (build.cake's TaskRunner and Extension targets, and the tests, call it).
//   node tasks/build-extension.mjs runner --out DIR
//       bundles tasks/runner/src/index.ts and azure-pipelines-task-lib into DIR/index.js (esbuild; one file, no node_modules)
//   node tasks/build-extension.mjs stage --cli DIR --version X.Y.Z --out DIR
//       lays out the extension: vss-extension.json, overview.md, and per task its task.json (with the version),
//       the runner and the framework-dependent CLI from --cli (only what runs: assemblies and their json)
//   node tasks/build-extension.mjs pack --staging DIR --out FILE.vsix
//       packs the staged folder with tfx extension create
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, GATES, UMBRELLA } from './generate-tasks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

// The CLI needs its assemblies, deps.json and runtimeconfig.json; symbols, XML docs, the native apphost, satellite
// resources and any native folders are left out to keep the five copies small.
const CLI_FILE = /\.(dll|json)$/;

async function runner(out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(here, 'runner', 'src', 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: join(out, 'index.js'),
    logLevel: 'warning',
    legalComments: 'none',
  });
  // The agent runs index.js with node; this keeps it CommonJS whatever package.json sits above the folder.
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
}

function copyCli(from, to) {
  mkdirSync(to, { recursive: true });
  const files = readdirSync(from).filter(name => CLI_FILE.test(name) && statSync(join(from, name)).isFile());
  if (!files.includes('mlsecops.dll')) throw new Error(`${from} holds no mlsecops.dll; build or publish src/MLSecOps.Cli first`);
  for (const name of files) copyFileSync(join(from, name), join(to, name));
}

async function stage(cli, version, out) {
  rmSync(out, { recursive: true, force: true });
  const bundled = join(out, '.runner');
  await runner(bundled);
  for (const [path, text] of generate(version)) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
  }
  copyFileSync(join(here, 'overview.md'), join(out, 'overview.md'));
  for (const spec of [UMBRELLA, ...GATES]) {
    const folder = join(out, spec.task);
    for (const name of readdirSync(bundled)) copyFileSync(join(bundled, name), join(folder, name));
    copyCli(cli, join(folder, 'cli'));
  }
  rmSync(bundled, { recursive: true, force: true });
}

function pack(staging, out) {
  mkdirSync(dirname(out), { recursive: true });
  execFileSync(process.execPath, [
    join(root, 'node_modules', 'tfx-cli', '_build', 'tfx-cli.js'),
    'extension', 'create', '--root', staging, '--manifest-globs', 'vss-extension.json', '--output-path', out, '--no-prompt',
  ], { stdio: 'inherit' });
  return statSync(out).size;
}

const [command, ...rest] = process.argv.slice(2);
const arg = name => { const i = rest.indexOf(name); if (i < 0 || !rest[i + 1]) throw new Error(`${command} needs ${name}`); return resolve(rest[i + 1]); };
try {
  if (command === 'runner') await runner(arg('--out'));
  else if (command === 'stage') await stage(arg('--cli'), rest[rest.indexOf('--version') + 1], arg('--out'));
  else if (command === 'pack') console.log(`packed ${pack(arg('--staging'), arg('--out'))} bytes`);
  else throw new Error('usage: build-extension.mjs runner|stage|pack (see the comment at the top)');
} catch (error) {
  console.error(`build-extension: ${error.message}`);
  process.exitCode = 2;
}
