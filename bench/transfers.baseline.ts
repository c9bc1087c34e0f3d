/**
 * The mule engine, features and model as they stood before the engine moved to typed arrays, read
 * out of git (the commit below) into .tmp/ and imported, so the bench measures both in one process and
 * the equivalence check compares their output transfer by transfer. Nothing in src/ depends on it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_MULE_MODEL } from '../src/modules/transfers/mule.model.ts';
import type { MuleVerdict, TransferRecord } from '../src/modules/transfers/transfers.types.ts';

/** The last commit with the map-based engine. */
export const BASELINE_COMMIT = '0d84a0556fe5a827efcb0f1e5f997cef19c06b4c';

interface BaselineState {
  readonly account: string;
}
export interface BaselineEngine {
  add(r: TransferRecord): 'added' | 'duplicate' | 'expired';
  state(account: string): BaselineState | undefined;
  readonly accounts: Map<string, BaselineState>;
}
export interface Baseline {
  readonly MuleEngine: new (o?: { windowDays: number; maxRememberedIds: number }) => BaselineEngine;
  readonly featuresOf: (engine: BaselineEngine, a: BaselineState) => number[];
  readonly score: (
    engine: BaselineEngine,
    account: string,
    listed?: (account: string) => boolean,
    explain?: boolean,
  ) => MuleVerdict | undefined;
}

const ROOT = resolve(import.meta.dirname, '..');

export const loadBaseline = async (commit = BASELINE_COMMIT): Promise<Baseline> => {
  const dir = resolve(ROOT, '.tmp', `transfers-baseline-${commit.slice(0, 12)}`);
  if (!existsSync(resolve(dir, 'src/modules/transfers/mule.model.ts'))) {
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', commit, 'src'], { cwd: ROOT, maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
  }
  const at = (file: string): string => pathToFileURL(resolve(dir, 'src/modules/transfers', file)).href;
  const engine = (await import(at('mule.engine.ts'))) as Pick<Baseline, 'MuleEngine'>;
  const features = (await import(at('mule.features.ts'))) as Pick<Baseline, 'featuresOf'>;
  const model = (await import(at('mule.model.ts'))) as {
    loadMuleModel: (path: string) => { score: Baseline['score'] };
  };
  // The model file is the same one: read it from this tree.
  const m = model.loadMuleModel(DEFAULT_MULE_MODEL);
  return {
    MuleEngine: engine.MuleEngine,
    featuresOf: features.featuresOf,
    score: (e, a, listed, explain) => m.score(e, a, listed, explain),
  };
};
