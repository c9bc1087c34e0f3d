/** What the engine emits and reports. */
import type { Window } from './features.ts';
import type { CallVerdict, Reason } from './detectors/detector.types.ts';
import type { NumberState, SeenList } from './state.ts';

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

/** The engine's whole state, as a checkpoint holds it. */
export interface EngineState {
  readonly numbers: ReadonlyMap<string, NumberState>;
  readonly devices: ReadonlyMap<string, SeenList>;
  readonly identities: ReadonlyMap<string, SeenList>;
  readonly preRegistrations: ReadonlyMap<string, Array<{ region: string; from: number; until: number }>>;
  readonly pendingEntries: ReadonlyMap<string, { region: string; enteredAt: number }>;
  readonly decidedEntries: ReadonlySet<string>;
  readonly currentKeys: ReadonlySet<string>;
  readonly previousKeys: ReadonlySet<string>;
  readonly generationStart: number;
  readonly subscriberKeys: ReadonlySet<string>;
  readonly alerted: ReadonlySet<string>;
  readonly watermark: number;
  readonly nextDay: number | undefined;
  readonly minDay: number;
  readonly stats: EngineStats;
}
