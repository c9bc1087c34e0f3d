/** What the engine emits and reports. */
import type { Window } from './features.ts';
import type { CallVerdict, Reason } from './detectors/detector.types.ts';

export interface CallAlert {
  readonly detector: string;
  readonly subject: string;
  readonly subjectType: 'phone' | 'device' | 'identity';
  readonly verdict: CallVerdict;
  readonly score: number;
  readonly reasons: readonly Reason[];
  readonly window: Window;
  /** What follows: `kick` (踢网, restorable on appeal), `reverify` (二次实人核验), `review` by an analyst. */
  readonly action: 'kick' | 'reverify' | 'review';
  /** Simulated (event) time at which the engine could decide. */
  readonly at: number;
  readonly related?: {
    readonly imei?: string;
    readonly identity?: string;
    readonly phones?: readonly string[];
    readonly region?: string;
  };
}

export type IngestOutcome = 'accepted' | 'duplicate' | 'late';

export interface EngineStats {
  accepted: number;
  duplicates: number;
  late: number;
  numbers: number;
  evaluatedDays: number;
}
