/**
 * @actions/core for in-process unit tests: records what the code under test asked for instead
 * of printing workflow commands (`::add-mask::…`) that a GitHub runner running `npm test` would obey.
 */
export const calls: { fn: string; args: unknown[] }[] = [];
const record =
  (fn: string) =>
  (...args: unknown[]): void => {
    calls.push({ fn, args });
  };

export const setSecret = record('setSecret');
export const info = record('info');
export const warning = record('warning');
export const error = record('error');
export const notice = record('notice');
export const debug = record('debug');
export const setFailed = record('setFailed');
export const setOutput = record('setOutput');
export function getInput(name: string): string {
  return process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim() ?? '';
}
export function resetCalls(): void {
  calls.length = 0;
}
