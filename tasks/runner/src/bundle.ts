// The task carries its CLI as one brotli-compressed tar (cli.tar.br, written by tasks/build-extension.mjs): tfx's zip
// deflate packs .NET assemblies poorly, and five plain copies did not fit Azure DevOps Server's 25 MB. The runner
// checks the archive's SHA-256, unpacks it once into the task's folder (or the agent's temp folder when that is
// read-only) and reuses that copy while it is whole. Anything unexpected fails closed: nothing downloads, nothing guesses.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/** The archive as the staged mlsecops-task.json describes it. */
export interface CliArchive {
  /** File name in the task folder, such as cli.tar.br. */
  archive: string;
  /** SHA-256 of the compressed file, lower-case hex. */
  sha256: string;
  /** Size of the uncompressed tar. */
  bytes: number;
  /** Number of files in it. */
  files: number;
}

/** The bundled CLI is missing or damaged: the task fails with this message. */
export class BundleError extends Error {}

const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
const MAX_FILES = 500;
// Flat, plain names only: no folder, no "..", no absolute path, so nothing can land outside the unpacked folder.
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const DIGEST = /^[0-9a-f]{64}$/;
const MARKER = '.mlsecops-cli.json';
const BLOCK = 512;

interface Marker {
  sha256: string;
  files: { [name: string]: number };
}

const REINSTALL = 'reinstall the extension or the task version';

/**
 * Returns the folder holding mlsecops.dll: the copy unpacked by an earlier run when it is whole, else a fresh one.
 * Throws BundleError when the archive is missing, damaged or not what this runner writes.
 */
export function unpackedCli(taskDir: string, tempDir: string, archive: CliArchive | undefined, log: (line: string) => void): string {
  if (!archive || typeof archive.archive !== 'string' || !PLAIN_NAME.test(archive.archive) || !DIGEST.test(String(archive.sha256))
    || !Number.isSafeInteger(archive.bytes) || archive.bytes <= 0 || archive.bytes > MAX_UNPACKED_BYTES) {
    throw new BundleError(`the task's mlsecops-task.json does not describe its bundled CLI; ${REINSTALL}.`);
  }

  const folderName = `cli-${archive.sha256.slice(0, 16)}`;
  for (const base of [taskDir, tempDir]) {
    const existing = path.join(base, folderName);
    if (isWhole(existing, archive.sha256)) {
      log(`MLSecOps Gates: using the CLI unpacked in ${existing}`);
      return existing;
    }
  }

  const entries = readArchive(path.join(taskDir, archive.archive), archive);
  let lastError: unknown;
  for (const base of [taskDir, tempDir]) {
    try {
      const folder = writeFolder(base, folderName, entries, archive.sha256);
      log(`MLSecOps Gates: unpacked the CLI (${entries.size} files, ${archive.bytes} bytes) into ${folder}`);
      return folder;
    } catch (error) {
      // A read-only task folder (some agents install tasks read-only): try the agent's temp folder next.
      lastError = error;
    }
  }
  throw new BundleError(`could not unpack the bundled CLI (${lastError instanceof Error ? lastError.message : String(lastError)}).`);
}

/** Reads, checks and unpacks the archive in memory: name -> content. */
function readArchive(file: string, archive: CliArchive): Map<string, Buffer> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new BundleError(`the bundled CLI is missing (${file}); ${REINSTALL}.`);
  }
  if (!stat.isFile() || stat.size > MAX_ARCHIVE_BYTES) {
    throw new BundleError(`the bundled CLI ${file} is not a file of at most ${MAX_ARCHIVE_BYTES} bytes; ${REINSTALL}.`);
  }

  const compressed = fs.readFileSync(file);
  const actual = crypto.createHash('sha256').update(compressed).digest('hex');
  if (actual !== archive.sha256) {
    throw new BundleError(`the bundled CLI ${file} is damaged (SHA-256 ${actual}, expected ${archive.sha256}); ${REINSTALL}.`);
  }

  let tar: Buffer;
  try {
    tar = zlib.brotliDecompressSync(compressed, { maxOutputLength: archive.bytes });
  } catch (error) {
    throw new BundleError(`the bundled CLI ${file} does not decompress within ${archive.bytes} bytes (${error instanceof Error ? error.message : String(error)}); ${REINSTALL}.`);
  }
  if (tar.length !== archive.bytes) {
    throw new BundleError(`the bundled CLI ${file} holds ${tar.length} bytes, expected ${archive.bytes}; ${REINSTALL}.`);
  }

  const entries = readTar(tar, file);
  if (entries.size !== archive.files || !entries.has('mlsecops.dll')) {
    throw new BundleError(`the bundled CLI ${file} holds ${entries.size} files${entries.has('mlsecops.dll') ? '' : ' and no mlsecops.dll'}, expected ${archive.files}; ${REINSTALL}.`);
  }
  return entries;
}

/** Reads a ustar archive of flat regular files; any other entry (folder, link, long name, path) is refused. */
function readTar(tar: Buffer, file: string): Map<string, Buffer> {
  const damaged = (why: string) => new BundleError(`the bundled CLI ${file} is not a valid archive (${why}); ${REINSTALL}.`);
  const entries = new Map<string, Buffer>();
  let offset = 0;
  for (;;) {
    if (offset + BLOCK > tar.length) throw damaged('it ends inside a header');
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every(byte => byte === 0)) return entries;
    if (!checksumMatches(header)) throw damaged(`bad header checksum at byte ${offset}`);
    const name = field(header, 0, 100);
    const type = String.fromCharCode(header[156]);
    if (type !== '0' && type !== '\0') throw damaged(`entry ${JSON.stringify(name)} is not a regular file`);
    if (!PLAIN_NAME.test(name) || name === MARKER || field(header, 345, 155) !== '') throw damaged(`unsafe entry name ${JSON.stringify(name)}`);
    if (entries.has(name)) throw damaged(`entry ${name} appears twice`);
    if (entries.size >= MAX_FILES) throw damaged(`more than ${MAX_FILES} entries`);
    const size = octal(field(header, 124, 12));
    if (size === undefined) throw damaged(`entry ${name} has a bad size`);
    const start = offset + BLOCK;
    if (start + size > tar.length) throw damaged(`entry ${name} is cut short`);
    entries.set(name, tar.subarray(start, start + size));
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
}

function field(header: Buffer, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? length : end).toString('utf8');
}

function octal(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[0-7]{1,11}$/.test(trimmed)) return undefined;
  return parseInt(trimmed, 8);
}

function checksumMatches(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return octal(field(header, 148, 8)) === sum;
}

/** Writes the files into a private folder, then renames it into place, so a half-written copy is never used. */
function writeFolder(base: string, folderName: string, entries: Map<string, Buffer>, sha256: string): string {
  fs.mkdirSync(base, { recursive: true });
  const final = path.join(base, folderName);
  const staging = fs.mkdtempSync(path.join(base, `.${folderName}-`));
  try {
    const marker: Marker = { sha256, files: {} };
    for (const [name, data] of entries) {
      fs.writeFileSync(path.join(staging, name), data, { flag: 'wx', mode: 0o644 });
      marker.files[name] = data.length;
    }
    fs.writeFileSync(path.join(staging, MARKER), JSON.stringify(marker), { flag: 'wx' });
    // A damaged copy from an earlier run is replaced; a whole one a parallel run just made is kept.
    if (fs.existsSync(final) && !isWhole(final, sha256)) fs.rmSync(final, { recursive: true, force: true });
    try {
      fs.renameSync(staging, final);
    } catch (error) {
      if (!isWhole(final, sha256)) throw error;
    }
    return final;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Whether the folder is a complete copy of the archive with this digest: its marker names it and lists every file at its size. */
function isWhole(folder: string, sha256: string): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(folder, MARKER), 'utf8')) as Marker;
    if (marker.sha256 !== sha256 || typeof marker.files !== 'object' || marker.files === null) return false;
    const names = Object.keys(marker.files);
    if (!names.includes('mlsecops.dll')) return false;
    return names.every(name => PLAIN_NAME.test(name) && fs.statSync(path.join(folder, name)).size === marker.files[name]);
  } catch {
    return false;
  }
}
