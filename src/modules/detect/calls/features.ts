/**
 * Window features from engine state, as of the end of a day (only buckets and times up to that day
 * count, so a late record for a later day never changes an earlier evaluation). Pure reads.
 */
import { BITMAP_WORDS, C, COUNTERS, distinctEstimate, type NumberState } from './state.ts';

export const DAY_MS = 86_400_000;

export interface Window {
  readonly from: number;
  readonly to: number;
}

export interface NumberFeatures {
  readonly phone: string;
  readonly window: Window;
  readonly activeDays: number;
  readonly outCalls: number;
  readonly inCalls: number;
  readonly forwarded: number;
  readonly outShortShare: number;
  readonly outNightShare: number;
  readonly outMeanDurationSec: number;
  readonly outMaxDurationSec: number;
  readonly oneRingShare: number;
  readonly smsOut: number;
  readonly smsIn: number;
  readonly locations: number;
  readonly distinctCallees: number;
  readonly distinctCallers: number;
  /** Share of distinct callees who also called this number. */
  readonly callbackShare: number;
  readonly imeis: number;
  readonly cities: number;
  readonly cells: number;
  readonly awayShare: number;
  /** Coefficient of variation of the gaps between recent outgoing calls (machines: near 0). */
  readonly gapCv: number;
  readonly gapMeanSec: number;
  readonly traffic: number;
  readonly arpu: number;
  /** The last two days against the days before: distinct callees per day, ratio. */
  readonly recentCalleeSurge: number;
  readonly recentAwayShare: number;
  readonly recentNewDevice: boolean;
  readonly baselineDays: number;
}

const sumDays = (s: NumberState, days: readonly number[], counter: number): number => {
  let t = 0;
  for (const d of days) {
    const slot = d % s.ring;
    if (s.slotDay[slot] === d) t += s.counts[slot * COUNTERS + counter] ?? 0;
  }
  return t;
};
const maxDays = (s: NumberState, days: readonly number[], counter: number): number => {
  let t = 0;
  for (const d of days) {
    const slot = d % s.ring;
    if (s.slotDay[slot] === d) t = Math.max(t, s.counts[slot * COUNTERS + counter] ?? 0);
  }
  return t;
};
const offsets = (s: NumberState, days: readonly number[], which: 0 | 1): number[] =>
  days.flatMap((d) => {
    const slot = d % s.ring;
    return s.slotDay[slot] === d ? [slot * BITMAP_WORDS * 2 + which * BITMAP_WORDS] : [];
  });
const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

export const numberFeatures = (
  s: NumberState,
  day: number,
  windowDays: number,
  dayStartOffset: number,
): NumberFeatures => {
  const days: number[] = [];
  for (let d = Math.max(0, day - windowDays + 1); d <= day; d++) days.push(d);
  const active = days.filter(
    (d) => s.slotDay[d % s.ring] === d && (s.counts[(d % s.ring) * COUNTERS + C.events] ?? 0) > 0,
  );
  const from = days[0] !== undefined ? days[0] * DAY_MS - dayStartOffset : 0;
  const to = (day + 1) * DAY_MS - dayStartOffset - 1;
  const out = sumDays(s, days, C.outCalls);
  const events = sumDays(s, days, C.events);
  const calleeOffsets = offsets(s, days, 0);
  const distinctCallees = calleeOffsets.length > 0 ? distinctEstimate(s.bits, calleeOffsets) : 0;
  const callerOffsets = offsets(s, days, 1);
  const distinctCallers = callerOffsets.length > 0 ? distinctEstimate(s.bits, callerOffsets) : 0;
  const both =
    calleeOffsets.length > 0 && callerOffsets.length > 0
      ? distinctEstimate(s.bits, calleeOffsets, callerOffsets)
      : 0;
  // gaps between the kept outgoing calls inside the window
  let n = 0;
  let sum = 0;
  let sq = 0;
  let prev = NaN;
  for (let i = 0; i < s.gapCount; i++) {
    const t = s.gaps[i] ?? 0;
    if (t < from || t > to) continue;
    if (!Number.isNaN(prev)) {
      const g = (t - prev) / 1000;
      n++;
      sum += g;
      sq += g * g;
    }
    prev = t;
  }
  const mean = n > 0 ? sum / n : 0;
  const sd = n > 1 ? Math.sqrt(Math.max(0, sq / n - mean * mean)) : 0;
  const recent = days.slice(-2);
  const baseline = days.slice(0, -2).filter((d) => active.includes(d));
  const recentCallees = offsets(s, recent, 0);
  const baseCallees = offsets(s, baseline, 0);
  const recentPerDay = recentCallees.length > 0 ? distinctEstimate(s.bits, recentCallees) / recent.length : 0;
  const basePerDay = baseCallees.length > 0 ? distinctEstimate(s.bits, baseCallees) / baseline.length : 0;
  const recentFrom = (recent[0] ?? day) * DAY_MS - dayStartOffset;
  const recentNewDevice =
    baseline.length > 0 &&
    s.imeis.values.some((_, i) => (s.imeis.first[i] ?? 0) >= recentFrom && (s.imeis.first[i] ?? 0) <= to);
  return {
    phone: s.phone,
    window: { from, to },
    activeDays: active.length,
    outCalls: out,
    inCalls: sumDays(s, days, C.inCalls),
    forwarded: sumDays(s, days, C.forwarded),
    outShortShare: ratio(sumDays(s, days, C.outShort), out),
    outNightShare: ratio(sumDays(s, days, C.outNight), out),
    outMeanDurationSec: ratio(sumDays(s, days, C.outDuration), out),
    outMaxDurationSec: maxDays(s, days, C.outDurationMax),
    oneRingShare: ratio(sumDays(s, days, C.oneRing), out),
    smsOut: sumDays(s, days, C.smsOut),
    smsIn: sumDays(s, days, C.smsIn),
    locations: sumDays(s, days, C.locations),
    distinctCallees,
    distinctCallers,
    callbackShare: ratio(both, distinctCallees),
    imeis: s.imeis.countIn(from, to),
    cities: s.cities.countIn(from, to),
    cells: s.cells.countIn(from, to),
    awayShare: ratio(sumDays(s, days, C.awayEvents), events),
    gapCv: mean > 0 ? sd / mean : 0,
    gapMeanSec: mean,
    traffic: s.traffic,
    arpu: s.arpu,
    recentCalleeSurge: basePerDay > 0 ? recentPerDay / basePerDay : recentPerDay,
    recentAwayShare: ratio(sumDays(s, recent, C.awayEvents), sumDays(s, recent, C.events)),
    recentNewDevice,
    baselineDays: baseline.length,
  };
};
