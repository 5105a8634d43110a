// Maps the task's inputs to the CLI's arguments. Every input is passed explicitly: azure-pipelines-task-lib deletes
// INPUT_* from the environment, so the CLI would otherwise never see them.

/** One input of task.json, as far as the mapping needs it. */
export interface TaskInput {
  name: string;
  type: string;
  defaultValue?: string | boolean;
}

/** Reads an input's value as the agent set it, or undefined when it set none. */
export interface InputReader {
  text(name: string): string | undefined;
}

/** Inputs that are not options: the verb and the positional PATH. */
const POSITIONAL = new Set(['gate', 'path']);

/** failOn's value that leaves the threshold to the policy file. */
export const FAIL_ON_POLICY = 'policy';

/** Returns the CLI option of an input: failOn becomes --fail-on. */
export function optionOf(input: string): string {
  return '--' + input.replace(/[A-Z]/g, c => '-' + c.toLowerCase());
}

/** Returns the verb: the umbrella task's gate input (all means scan), else the task's own gate. */
export function verbOf(taskGate: string, gateInput: string | undefined): string {
  const gate = taskGate === 'all' ? (gateInput || 'all') : taskGate;
  return gate === 'all' ? 'scan' : gate;
}

/** Builds the arguments after `dotnet mlsecops.dll`: verb, PATH, then every option input, then the platform. */
export function cliArguments(verb: string, inputs: TaskInput[], read: InputReader, sarifPath: string): string[] {
  const args = [verb, read.text('path') || '.'];
  for (const input of inputs) {
    if (POSITIONAL.has(input.name)) continue;
    // The agent sets every input, defaults included; a runner started by hand falls back to task.json's default.
    const given = read.text(input.name) ?? (input.defaultValue === undefined ? undefined : String(input.defaultValue));
    if (input.type === 'boolean') {
      args.push(optionOf(input.name), given?.trim().toLowerCase() === 'true' ? 'true' : 'false');
      continue;
    }
    const value = input.name === 'sarif' ? sarifPath : given?.trim();
    if (!value || (input.name === 'failOn' && value === FAIL_ON_POLICY)) continue;
    args.push(optionOf(input.name), value);
  }
  args.push('--platform', 'azure');
  return args;
}
