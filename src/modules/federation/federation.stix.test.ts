import { describe, expect, it } from 'vitest';
import { sharingOfMarkings, TLP, TLP_V1, tlpOf } from './federation.stix.ts';

describe('TLP markings', () => {
  it('writes public as TLP:CLEAR and members-level as TLP:GREEN, in the TLP 2.0 ids', () => {
    expect(tlpOf('public')).toBe('marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487');
    expect(tlpOf('members')).toBe('marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb');
  });

  it('reads TLP 2.0 and the TLP 1.0 of STIX 2.1 alike, and refuses AMBER, AMBER+STRICT and RED of either', () => {
    expect(sharingOfMarkings([TLP.clear])).toBe('public');
    expect(sharingOfMarkings([TLP_V1.white])).toBe('public');
    expect(sharingOfMarkings([TLP.green])).toBe('members');
    expect(sharingOfMarkings([TLP_V1.green])).toBe('members');
    expect(sharingOfMarkings(undefined)).toBe('members');
    for (const restricted of [TLP.amber, TLP.amberStrict, TLP.red, TLP_V1.amber, TLP_V1.red])
      expect(sharingOfMarkings([TLP.clear, restricted])).toBeUndefined();
  });
});
