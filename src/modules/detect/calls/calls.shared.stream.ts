/**
 * The second stage of call detection on the bus: partitions keyed by device and by identity, fed by
 * the subscriber partitions' engines (engine.shared.ts), evaluate SIM-box grouping and 实名不实人 with
 * every subscriber's evidence, as the single engine does from its own maps.
 *
 * A day is evaluated once every subscriber partition has closed it (each sends `closed` to every
 * partition here); an organisation's days wait for a subscriber partition that has none of its records
 * yet until the export's end (the `finish` control reaches every partition). Everything is idempotent:
 * evidence is keyed by (day, device or identity, phone) and a registration by (identity, phone), so a
 * subscriber partition that sends again after a crash changes nothing; evidence for a day already
 * evaluated is ignored; an alert is emitted once per finding.
 */
import type { NumberFeatures } from './features.ts';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine.config.ts';
import type { CallAlert } from './engine.types.ts';
import {
  dayWindow,
  decidedAt,
  identityAlert,
  openedFrom,
  simBoxDeviceAlert,
  simBoxOn,
  simBoxPhoneAlert,
} from './engine.shared.ts';
import { writeCallAlerts, type CallsStreamDeps } from './calls.stream.ts';
import { messageParser, STREAMS, type CallsSharedMessage } from '../../stream/streams.schema.ts';
import type { PartitionState, StreamHandler } from '../../stream/partition-worker.ts';

export const CALLS_SHARED_GROUP = 'detect-calls-shared';

/** A SIM's sighting on a device: first and last time there, and its features when it could be a box SIM. */
type DeviceSim = [first: number, last: number, features: NumberFeatures | null];

interface DayEvidence {
  /** imei → phone → sighting. */
  devices: Map<string, Map<string, DeviceSim>>;
  /** identity → phone used away → its features when the identity stage evaluates it. */
  away: Map<string, Map<string, NumberFeatures | null>>;
}

interface OrgState {
  /** Per subscriber partition: the last day it has evaluated (-1: none yet). */
  closed: number[];
  /** Every day up to this one is evaluated here (-1: none). */
  doneThrough: number;
  /** identity → phone → [first, last] registration time. */
  registrations: Map<string, Map<string, [number, number]>>;
  days: Map<number, DayEvidence>;
  alerted: Set<string>;
}

const FORMAT = 'calls-shared-state@1';

interface Snapshot {
  format: typeof FORMAT;
  orgs: Array<
    [
      string,
      {
        closed: number[];
        doneThrough: number;
        registrations: Array<[string, Array<[string, [number, number]]>]>;
        days: Array<
          [
            number,
            {
              devices: Array<[string, Array<[string, DeviceSim]>]>;
              away: Array<[string, Array<[string, NumberFeatures | null]>]>;
            },
          ]
        >;
        alerted: string[];
      },
    ]
  >;
}

type SentFeatures = NonNullable<Extract<CallsSharedMessage, { kind: 'device' }>['features']>;

/** Features as sent (NaN became null in JSON) back to the engine's shape. */
const featuresOf = (f: SentFeatures | undefined): NumberFeatures | null => {
  if (!f) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) out[k] = v === null ? NaN : v;
  return out as unknown as NumberFeatures;
};

/** Features from a checkpoint (JSON wrote NaN as null). */
const restored = (f: NumberFeatures | null): NumberFeatures | null => (f === null ? null : featuresOf(f));

/**
 * A delta, per organisation changed since the last checkpoint: its closed days, the registrations and
 * the evidence of days not yet evaluated that changed (as they are now), and the findings alerted since.
 */
interface Delta {
  format: typeof FORMAT;
  orgs: Array<{
    org: string;
    closed: number[];
    doneThrough: number;
    registrations: Array<[identity: string, phone: string, time: [number, number]]>;
    devices: Array<[day: number, imei: string, phone: string, sim: DeviceSim]>;
    away: Array<[day: number, identity: string, phone: string, features: NumberFeatures | null]>;
    alerted: string[];
  }>;
}

/** What one organisation changed since the last checkpoint (keys as JSON of their parts). */
interface Marks {
  registrations: Set<string>;
  devices: Set<string>;
  away: Set<string>;
  alerted: string[];
}

const newMarks = (): Marks => ({
  registrations: new Set(),
  devices: new Set(),
  away: new Set(),
  alerted: [],
});

const nested = <V>(m: Map<string, Map<string, V>>): Array<[string, Array<[string, V]>]> =>
  [...m].map(([k, inner]) => [k, [...inner]]);
const unnested = <V>(a: Array<[string, Array<[string, V]>]>): Map<string, Map<string, V>> =>
  new Map(a.map(([k, inner]) => [k, new Map(inner)]));

export const callsSharedStreamHandler = (
  deps: CallsStreamDeps & { readonly sources: number },
): StreamHandler<CallsSharedMessage> => ({
  stream: STREAMS.callsShared.name,
  group: CALLS_SHARED_GROUP,
  parse: messageParser(STREAMS.callsShared.schema),
  open(_partition, snapshot, deltas = []): PartitionState<CallsSharedMessage> {
    const config: EngineConfig = deps.config ?? DEFAULT_ENGINE_CONFIG;
    const orgs = new Map<string, OrgState>();
    const pending: Array<{ org: string; alert: CallAlert }> = [];
    const orgOf = (org: string): OrgState => {
      let o = orgs.get(org);
      if (!o) {
        o = {
          closed: Array.from({ length: deps.sources }, () => -1),
          doneThrough: -1,
          registrations: new Map(),
          days: new Map(),
          alerted: new Set(),
        };
        orgs.set(org, o);
      }
      return o;
    };
    if (snapshot !== undefined) {
      const s = JSON.parse(snapshot) as Snapshot | { format?: unknown };
      if (!('orgs' in s) || s.format !== FORMAT) throw new Error(`not a ${FORMAT} checkpoint`);
      for (const [org, o] of s.orgs)
        orgs.set(org, {
          closed: o.closed,
          doneThrough: o.doneThrough,
          registrations: unnested(o.registrations),
          days: new Map(
            o.days.map(([day, d]) => [
              day,
              {
                devices: unnested(
                  d.devices.map(([imei, sims]) => [
                    imei,
                    sims.map(([phone, [first, last, f]]) => [phone, [first, last, restored(f)]]),
                  ]),
                ),
                away: unnested(
                  d.away.map(([id, sims]) => [id, sims.map(([phone, f]) => [phone, restored(f)])]),
                ),
              },
            ]),
          ),
          alerted: new Set(o.alerted),
        });
    }
    const dayOf = (o: OrgState, day: number): DayEvidence => {
      let d = o.days.get(day);
      if (!d) o.days.set(day, (d = { devices: new Map(), away: new Map() }));
      return d;
    };
    const inner = <V>(m: Map<string, Map<string, V>>, key: string): Map<string, V> => {
      let i = m.get(key);
      if (!i) m.set(key, (i = new Map<string, V>()));
      return i;
    };
    for (const text of deltas) {
      const delta = JSON.parse(text) as Delta | { format?: unknown };
      if (!('orgs' in delta) || delta.format !== FORMAT) throw new Error(`not a ${FORMAT} delta`);
      for (const d of delta.orgs) {
        const o = orgOf(d.org);
        o.closed = d.closed;
        o.doneThrough = d.doneThrough;
        for (const [identity, phone, t] of d.registrations) inner(o.registrations, identity).set(phone, t);
        for (const [day, imei, phone, [first, last, f]] of d.devices)
          inner(dayOf(o, day).devices, imei).set(phone, [first, last, restored(f)]);
        for (const [day, identity, phone, f] of d.away)
          inner(dayOf(o, day).away, identity).set(phone, restored(f));
        // Days evaluated since an earlier delta brought their evidence are gone from the live state.
        for (const day of o.days.keys()) if (day <= o.doneThrough) o.days.delete(day);
        for (const key of d.alerted) o.alerted.add(key);
      }
    }
    const marks = new Map<string, Marks>();
    const marksOf = (org: string): Marks => {
      let m = marks.get(org);
      if (!m) marks.set(org, (m = newMarks()));
      return m;
    };
    const emit = (org: string, o: OrgState, alert: CallAlert): void => {
      const key = `${alert.detector}|${alert.subjectType}|${alert.subject}`;
      if (o.alerted.has(key)) return;
      o.alerted.add(key);
      marksOf(org).alerted.push(key);
      pending.push({ org, alert });
    };
    const evaluate = (org: string, o: OrgState, day: number, d: DayEvidence): void => {
      const at = decidedAt(config, day);
      for (const [imei, sims] of d.devices) {
        const flagged: string[] = [];
        for (const [, , f] of sims.values()) {
          if (!f) continue;
          const box = simBoxOn(config, f, sims.size);
          if (box.verdict === 'normal') continue;
          emit(org, o, simBoxPhoneAlert(f, box, imei, at));
          flagged.push(f.phone);
        }
        const box = simBoxDeviceAlert(config, imei, flagged, day);
        if (box) emit(org, o, box);
      }
      const { to } = dayWindow(config, day);
      const from = openedFrom(config, to);
      for (const [identity, away] of d.away) {
        let simsOpened = 0;
        let simsUsedAway = 0;
        for (const [phone, [first, last]] of o.registrations.get(identity) ?? [])
          if (first <= to && last >= from) {
            simsOpened++;
            if (away.has(phone)) simsUsedAway++;
          }
        for (const f of away.values()) {
          if (!f) continue;
          const alert = identityAlert(config, f, identity, { simsOpened, simsUsedAway }, at);
          if (alert) emit(org, o, alert);
        }
      }
    };
    return {
      apply(m) {
        const o = orgOf(m.org);
        const mark = marksOf(m.org);
        switch (m.kind) {
          case 'registration': {
            mark.registrations.add(JSON.stringify([m.identity, m.phone]));
            const r = inner(o.registrations, m.identity);
            const t = r.get(m.phone);
            r.set(m.phone, t ? [Math.min(t[0], m.time), Math.max(t[1], m.time)] : [m.time, m.time]);
            return;
          }
          case 'device':
            if (m.day <= o.doneThrough) return;
            mark.devices.add(JSON.stringify([m.day, m.imei, m.phone]));
            inner(dayOf(o, m.day).devices, m.imei).set(m.phone, [m.first, m.last, featuresOf(m.features)]);
            return;
          case 'away':
            if (m.day <= o.doneThrough) return;
            mark.away.add(JSON.stringify([m.day, m.identity, m.phone]));
            inner(dayOf(o, m.day).away, m.identity).set(m.phone, featuresOf(m.features));
            return;
          case 'closed': {
            if (m.source >= o.closed.length) throw new Error(`source partition ${m.source} out of range`);
            o.closed[m.source] = Math.max(o.closed[m.source] ?? -1, m.through);
            const through = Math.min(...o.closed);
            if (through <= o.doneThrough) return;
            for (const day of [...o.days.keys()].sort((a, b) => a - b)) {
              if (day > through) break;
              const d = o.days.get(day);
              o.days.delete(day);
              if (d) evaluate(m.org, o, day, d);
            }
            o.doneThrough = through;
            return;
          }
        }
      },
      async flush() {
        if (pending.length === 0) return;
        const batch = pending.slice();
        await writeCallAlerts(deps, batch);
        pending.splice(0, batch.length);
      },
      snapshot() {
        const s: Snapshot = {
          format: FORMAT,
          orgs: [...orgs].map(([org, o]) => [
            org,
            {
              closed: o.closed,
              doneThrough: o.doneThrough,
              registrations: nested(o.registrations),
              days: [...o.days].map(([day, d]) => [
                day,
                { devices: nested(d.devices), away: nested(d.away) },
              ]),
              alerted: [...o.alerted],
            },
          ]),
        };
        return JSON.stringify(s);
      },
      delta: {
        take() {
          const out: Delta = { format: FORMAT, orgs: [] };
          for (const [org, m] of marks) {
            const o = orgOf(org);
            const parts = (key: string): [number, string, string] =>
              JSON.parse(key) as [number, string, string];
            out.orgs.push({
              org,
              closed: o.closed,
              doneThrough: o.doneThrough,
              registrations: [...m.registrations].flatMap((key) => {
                const [identity, phone] = JSON.parse(key) as [string, string];
                const t = o.registrations.get(identity)?.get(phone);
                return t ? [[identity, phone, t] as const] : [];
              }),
              // Evidence of a day evaluated since is gone, and not needed: the day is done.
              devices: [...m.devices].flatMap((key) => {
                const [day, imei, phone] = parts(key);
                const sim = o.days.get(day)?.devices.get(imei)?.get(phone);
                return sim ? [[day, imei, phone, sim] as const] : [];
              }),
              away: [...m.away].flatMap((key) => {
                const [day, identity, phone] = parts(key);
                const away = o.days.get(day)?.away.get(identity);
                return away?.has(phone) ? [[day, identity, phone, away.get(phone) ?? null] as const] : [];
              }),
              alerted: m.alerted,
            });
          }
          marks.clear();
          return JSON.stringify(out);
        },
        clear() {
          marks.clear();
        },
      },
    };
  },
});
