// Maps the CLI's exit code to the task result, failing closed: only 0 succeeds.

/** The task result and its message. */
export interface Outcome {
  succeeded: boolean;
  message: string;
}

/** What the runner saw of the CLI's output. */
export interface CliOutput {
  /** The blocking count from the CLI's `task.setvariable variable=blocking` command, if it printed one. */
  blocking?: number;
  /** The last line the CLI wrote to standard error, its one-line usage or configuration error. */
  lastError?: string;
}

const BLOCKING = /^##vso\[task\.setvariable variable=blocking;[^\]]*\](\d+)\s*$/;

/** Reads the blocking count from a line of the CLI's standard output, if the line carries it. */
export function blockingIn(line: string): number | undefined {
  const match = BLOCKING.exec(line);
  return match ? Number(match[1]) : undefined;
}

/** Maps an exit code: 0 passed, 1 blocked, 2 usage or configuration error, anything else a crash. */
export function outcomeOf(exitCode: number, output: CliOutput): Outcome {
  switch (exitCode) {
    case 0:
      return { succeeded: true, message: 'MLSecOps Gates passed.' };
    case 1:
      return { succeeded: false, message: `MLSecOps Gates blocked: ${output.blocking ?? 'unknown number of'} blocking findings. See the Scans tab and the MLSecOps summary.` };
    case 2:
      return { succeeded: false, message: output.lastError?.trim() || 'mlsecops: usage or configuration error (exit 2).' };
    default:
      return { succeeded: false, message: `MLSecOps Gates: the scanner crashed (exit ${exitCode}); failing closed. ${output.lastError?.trim() ?? ''}`.trim() };
  }
}
