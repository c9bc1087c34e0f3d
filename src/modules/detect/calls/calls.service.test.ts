import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../../../../test/support/databases.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { DomainError } from '../../../shared/errors.ts';
import type { ClaimSink } from '../../library/library.port.ts';
import type { ClaimInput, LinkInput } from '../../library/library.types.ts';
import type { Actor } from '../../../shared/actor.ts';
import { createCallsService } from './calls.service.ts';
import { loadFraudModel } from './fraud-model.ts';
import { generateCallRecords } from './generator.ts';
import { defaultParams } from './generator.params.ts';
import { callsRepository } from './calls.repository.ts';

/** The port as the library would see it: every claim and link submitted, in order. */
const recordingSink = (): ClaimSink & { claims: ClaimInput[]; links: LinkInput[] } => {
  const claims: ClaimInput[] = [];
  const links: LinkInput[] = [];
  return {
    claims,
    links,
    submitClaims(_actor, c, l = []) {
      claims.push(...c);
      links.push(...l);
      return Promise.resolve({ accepted: c.length, rejected: [] });
    },
  };
};

const operator: Actor = { orgId: 'org_op', orgKind: 'operator', actor: 'user:ops', role: 'analyst' };

describeEachDatabase('calls service and repository', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('ingests batches, stores alerts once, and submits them as library claims with device links', async () => {
    const sink = recordingSink();
    const calls = createCallsService({
      db: t.handle.db,
      repo: callsRepository(),
      claims: sink,
      clock: new ManualClock(),
    });
    const { records, truth } = generateCallRecords(defaultParams(21, 150, 3));
    for (let i = 0; i < records.length; i += 5_000) await calls.ingest(operator, records.slice(i, i + 5_000));
    const again = await calls.ingest(operator, records.slice(0, 100), { flush: true });
    expect(again.duplicates).toBe(100);
    const alerts = await calls.listAlerts(operator.orgId, { limit: 1000 });
    const box = truth.simBoxes[0];
    if (!box) throw new Error('generator made no SIM-box');
    expect(alerts.some((a) => a.subjectType === 'device' && a.subject === box.imei)).toBe(true);
    expect(
      sink.claims.some(
        (c) => c.type === 'device' && c.value === box.imei && c.source === 'detector:calls.simbox@1.0.0',
      ),
    ).toBe(true);
    expect(sink.links.some((l) => l.to.type === 'device' && l.to.value === box.imei)).toBe(true);
    expect(new Set(alerts.map((a) => `${a.detector}|${a.subject}`)).size).toBe(alerts.length);
    const simAlerts = await calls.listAlerts(operator.orgId, {
      detector: 'calls.simbox',
      subject: box.phones[0],
    });
    expect(simAlerts).toHaveLength(1);
    expect(await calls.listAlerts('org_other', {})).toEqual([]);
  });

  it('keeps per-number features and the 踢网 restore path after appeal', async () => {
    const calls = createCallsService({
      db: t.handle.db,
      repo: callsRepository(),
      claims: recordingSink(),
      clock: new ManualClock(),
    });
    const { records, truth } = generateCallRecords(defaultParams(22, 150, 3));
    await calls.ingest({ ...operator, orgId: 'org_k' }, records, { flush: true });
    const entry = truth.keyRegionEntries.find((e) => !e.preRegistered);
    if (!entry) throw new Error('generator made no unregistered entry');
    const view = await calls.numberFeatures('org_k', entry.phone);
    expect(view.kicks).toHaveLength(1);
    expect(view.stored).toHaveProperty('outCalls');
    const kick = view.kicks[0];
    if (!kick) throw new Error('no kick');
    await calls.restoreKick({ ...operator, orgId: 'org_k' }, kick.id, 'business trip, appeal upheld');
    expect((await calls.numberFeatures('org_k', entry.phone)).kicks[0]?.status).toBe('restored');
    await expect(calls.restoreKick({ ...operator, orgId: 'org_k' }, kick.id, 'again')).rejects.toThrow(
      DomainError,
    );
    for (const e of truth.keyRegionEntries.filter((x) => x.preRegistered))
      expect((await calls.numberFeatures('org_k', e.phone)).kicks).toEqual([]);
  });

  it('runs the fraud-number model on ingested records when given it (the server does)', async () => {
    let loads = 0;
    const calls = createCallsService({
      repo: callsRepository(),
      db: t.handle.db,
      claims: recordingSink(),
      clock: new ManualClock(),
      fraudModel: () => {
        loads++;
        return loadFraudModel();
      },
    });
    const { records, truth } = generateCallRecords(defaultParams(23, 300, 7));
    const org = { ...operator, orgId: 'org_model' };
    await Promise.all([calls.ingest(org, records.slice(0, 10)), calls.ingest(org, records.slice(10, 20))]);
    for (let i = 20; i < records.length; i += 5_000) await calls.ingest(org, records.slice(i, i + 5_000));
    await calls.ingest(org, [], { flush: true });
    const flagged = new Set(
      (await calls.listAlerts(org.orgId, { detector: 'calls.fraud-number', limit: 1000 })).map(
        (a) => a.subject,
      ),
    );
    const found = truth.fraudNumbers.filter((p) => flagged.has(p)).length;
    expect(found, `${found} of ${truth.fraudNumbers.length} fraud numbers flagged`).toBeGreaterThan(
      truth.fraudNumbers.length / 2,
    );
    expect(loads).toBe(1);
    await calls.close();
  });

  it('rejects a batch with an invalid record, naming it, and writes nothing', async () => {
    const calls = createCallsService({
      db: t.handle.db,
      repo: callsRepository(),
      claims: recordingSink(),
      clock: new ManualClock(),
    });
    await expect(
      calls.ingest({ ...operator, orgId: 'org_bad' }, [{ kind: 'voice', phone: '1' }]),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'records[0].opposite' });
    expect(await calls.listAlerts('org_bad', {})).toEqual([]);
  });
});
