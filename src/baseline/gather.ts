import type { BaselineRequest, BaselineRun, BaselineRuns } from './types.js';

/** How one provider finds and reads its earlier runs, for `gatherBaseline`. */
export interface EarlierRuns<R> {
  /** As users know the provider, e.g. `Testmo`, and what a run is called, e.g. `job`. */
  provider: string;
  noun: string;
  /** The run `baseline` names by id; absent when it names none. */
  explicit?: () => Promise<R>;
  /** Up to `wanted` runs of the same kind before the current one, newest first. */
  earlier(wanted: number): Promise<R[]>;
  read(run: R): Promise<BaselineRun>;
  idOf(run: R): string | number;
  /** The line shown when `previous` finds nothing. */
  none: string;
}

/**
 * The baseline and the `history` runs, read alongside each other: the baseline is the run given
 * by id, else the newest earlier one (read once when history reads it too). A history run that
 * cannot be read is left out with a warning; the baseline's own failure is thrown, which the
 * caller turns into one warning.
 */
export async function gatherBaseline<R>(request: BaselineRequest, kind: EarlierRuns<R>): Promise<BaselineRuns> {
  const { baseline } = request;
  const earlierWanted = Math.max(baseline.kind === 'previous' ? 1 : 0, request.history);
  const [explicit, earlier] = await Promise.all([kind.explicit?.(), earlierWanted > 0 ? kind.earlier(earlierWanted) : []]);
  const warnings: string[] = [];
  const history = await Promise.all(
    earlier.slice(0, request.history).map((r) =>
      kind.read(r).catch((error: unknown) => {
        warnings.push(
          `${kind.provider}: history ${kind.noun} ${kind.idOf(r)} could not be read, so the trend and flaky tests leave it out: ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      }),
    ),
  );
  let found: BaselineRun | undefined;
  if (explicit !== undefined) found = await kind.read(explicit);
  else if (baseline.kind === 'previous' && earlier[0] !== undefined) found = history[0] ?? (await kind.read(earlier[0]));
  const none = found || baseline.kind !== 'previous' ? undefined : kind.none;
  return { baseline: found, none, history: history.filter((r): r is BaselineRun => r !== undefined), warnings };
}
