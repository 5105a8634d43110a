#!/usr/bin/env node
// Builds the Azure DevOps extension from tasks/ (build.cake's TaskRunner and Extension targets, and the tests, call it).
//   node tasks/build-extension.mjs runner --out DIR
//       bundles tasks/runner/src/index.ts and azure-pipelines-task-lib into DIR/index.js (esbuild; one file, no node_modules)
//   node tasks/build-extension.mjs stage --cli DIR --version X.Y.Z --out DIR
//       lays out the extension: vss-extension.json, overview.md, and per task its task.json (with the version),
//       the runner and cli.tar.br: the framework-dependent CLI from --cli as far as that task loads it (see cliCopy),
//       brotli-compressed, its SHA-256 in the staged mlsecops-task.json; the runner unpacks it on first use
//   node tasks/build-extension.mjs pack --staging DIR --out FILE.vsix
//       packs the staged folder with tfx extension create
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import { generate, GATES, UMBRELLA } from './generate-tasks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

// The file a task carries its CLI in, and the runner unpacks (tasks/runner/src/bundle.ts reads the same format).
const CLI_ARCHIVE = 'cli.tar.br';

// Brotli at its best quality with a 16 MiB window: the .NET assemblies of one copy shrink by a sixth more than with the
// zip deflate tfx applies, which five copies need to stay within Azure DevOps Server's 25 MB.
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } };

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

/** Returns the project name of a gate's library: data-check -> MLSecOps.Gates.DataCheck. */
function gateProject(gate) {
  return 'MLSecOps.Gates.' + gate.split('-').map(word => word[0].toUpperCase() + word.slice(1)).join('');
}

/**
 * Returns what one task's copy of the CLI holds, from the CLI's deps.json: the file names and the deps.json rewritten to
 * list only them (the host refuses to start when a listed assembly is missing).
 * - A per-gate task runs only its gate, so the other gates' libraries (Sep, PhoneNumbers, PureHDF, Markdig, ...)
 *   are left out. Their own MLSecOps.Gates.* assemblies stay: the policy loader builds every gate for its rule ids and
 *   settings, so a policy file is validated exactly as `mlsecops` does (the task-contract tests run each per-gate task
 *   on a policy with every gate's section).
 * - Every task publishes to Azure Pipelines (the runner passes --platform azure), so MLSecOps.GitHub's dependencies are
 *   not followed; MLSecOps.GitHub.dll stays for the types the CLI names.
 * - Symbols, XML docs, the native apphost and satellite resources are left out; the umbrella task keeps every gate.
 */
export function cliCopy(depsJson, gate) {
  const deps = JSON.parse(depsJson);
  const target = deps.targets[deps.runtimeTarget.name];
  const keyOf = new Map(Object.keys(target).map(key => [key.slice(0, key.lastIndexOf('/')), key]));
  const app = Object.keys(target).find(key => Object.keys(target[key].runtime ?? {}).includes('mlsecops.dll'));
  if (!app) throw new Error('mlsecops.deps.json names no mlsecops.dll');
  const ownGate = gate === 'all' ? null : gateProject(gate);
  if (ownGate && !keyOf.has(ownGate)) throw new Error(`mlsecops.deps.json has no ${ownGate} for the ${gate} task`);
  // Libraries whose own assembly is kept but whose dependencies are not followed.
  const assemblyOnly = name => name === 'MLSecOps.GitHub' || (ownGate !== null && name.startsWith('MLSecOps.Gates.') && name !== ownGate);
  const kept = new Set();
  const queue = [app, ...Object.keys(target).filter(key => deps.libraries[key]?.type === 'reference')];
  while (queue.length > 0) {
    const key = queue.pop();
    if (kept.has(key)) continue;
    kept.add(key);
    if (assemblyOnly(key.slice(0, key.lastIndexOf('/')))) continue;
    for (const name of Object.keys(target[key].dependencies ?? {})) {
      if (!keyOf.has(name)) throw new Error(`mlsecops.deps.json: ${key} depends on ${name}, which it does not describe`);
      queue.push(keyOf.get(name));
    }
  }

  const files = [];
  const trimmed = {};
  for (const key of Object.keys(target).filter(k => kept.has(k))) {
    const { dependencies, runtime } = target[key];
    const entry = {};
    const keptDependencies = Object.entries(dependencies ?? {}).filter(([name]) => kept.has(keyOf.get(name)));
    if (keptDependencies.length > 0) entry.dependencies = Object.fromEntries(keptDependencies);
    if (runtime) {
      entry.runtime = runtime;
      files.push(...Object.keys(runtime).map(asset => asset.slice(asset.lastIndexOf('/') + 1)));
    }
    trimmed[key] = entry;
  }
  deps.targets[deps.runtimeTarget.name] = trimmed;
  deps.libraries = Object.fromEntries(Object.entries(deps.libraries).filter(([key]) => kept.has(key)));
  return { files: files.sort(), depsJson: JSON.stringify(deps, null, 2) + '\n' };
}

/** Returns a ustar archive of flat regular files (name -> bytes), in name order, with fixed times and modes so a build is reproducible. */
function tar(entries) {
  const blocks = [];
  for (const [name, data] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) throw new Error(`${name}: not a plain file name for the CLI archive`);
    const header = Buffer.alloc(512);
    header.write(name, 0, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\x0000', 257, 'latin1');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** Writes the task's CLI archive into its folder and returns how the runner checks it (the staged mlsecops-task.json's cli). */
async function writeCliArchive(cli, gate, folder) {
  const depsFile = join(cli, 'mlsecops.deps.json');
  if (!existsSync(join(cli, 'mlsecops.dll')) || !existsSync(depsFile)) throw new Error(`${cli} holds no mlsecops.dll and mlsecops.deps.json; build or publish src/MLSecOps.Cli first`);
  const copy = cliCopy(readFileSync(depsFile, 'utf8'), gate);
  const entries = new Map([['mlsecops.deps.json', Buffer.from(copy.depsJson)], ['mlsecops.runtimeconfig.json', readFileSync(join(cli, 'mlsecops.runtimeconfig.json'))]]);
  for (const name of copy.files) entries.set(name, readFileSync(join(cli, name)));
  const archive = tar(entries);
  const compressed = await promisify(brotliCompress)(archive, { ...BROTLI, params: { ...BROTLI.params, [constants.BROTLI_PARAM_SIZE_HINT]: archive.length } });
  writeFileSync(join(folder, CLI_ARCHIVE), compressed);
  return { archive: CLI_ARCHIVE, sha256: createHash('sha256').update(compressed).digest('hex'), bytes: archive.length, files: entries.size };
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
  // The five archives compress in parallel on libuv's pool: brotli's best quality is slow.
  await Promise.all([UMBRELLA, ...GATES].map(async spec => {
    const folder = join(out, spec.task);
    for (const name of readdirSync(bundled)) copyFileSync(join(bundled, name), join(folder, name));
    const own = join(folder, 'mlsecops-task.json');
    const cliArchive = await writeCliArchive(cli, spec.gate, folder);
    writeFileSync(own, JSON.stringify({ ...JSON.parse(readFileSync(own, 'utf8')), cli: cliArchive }, null, 2) + '\n');
  }));
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
