/**
 * An engine's state as bytes for a worker's checkpoint: V8's structured serialisation (typed arrays,
 * maps and sets as they are), with the state classes' prototypes put back on the way in. Only
 * checkpoints this platform wrote are read here, tagged with their format version.
 */
import { deserialize, serialize } from 'node:v8';
import type { EngineState } from './engine.types.ts';
import { NumberState, SeenList } from './state.ts';

const FORMAT = 'calls-engine-state@1';

export const encodeEngineState = (s: EngineState): Buffer => serialize({ format: FORMAT, state: s });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export const decodeEngineState = (bytes: Buffer): EngineState => {
  const value: unknown = deserialize(bytes);
  if (!isRecord(value) || value.format !== FORMAT || !isRecord(value.state))
    throw new Error(`not a ${FORMAT} checkpoint`);
  const state = value.state;
  const numbers = state.numbers;
  const devices = state.devices;
  const identities = state.identities;
  if (!(numbers instanceof Map) || !(devices instanceof Map) || !(identities instanceof Map))
    throw new Error(`${FORMAT}: state maps missing`);
  // Structured clone keeps fields, not classes: the objects were NumberState and SeenList when written.
  for (const n of numbers.values()) {
    Object.setPrototypeOf(n, NumberState.prototype);
    if (n instanceof NumberState)
      for (const l of [n.imeis, n.cities, n.cells]) Object.setPrototypeOf(l, SeenList.prototype);
  }
  for (const l of [...devices.values(), ...identities.values()]) Object.setPrototypeOf(l, SeenList.prototype);
  return state as unknown as EngineState;
};
