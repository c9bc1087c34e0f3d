import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VERDICTS, type Verdict } from '../library/library.types.ts';
import { callAnswerLine, decideCall } from './edge.calls.ts';
import { decidePayee, decideSms, type ValueStanding } from './edge.checks.ts';
import { edgeKeyChecker } from './edge.keys.ts';
import { dedupKey, nextAttemptAt, ruleFor, targets } from './edge.warnings.plan.ts';
import { WARNING_POLICY } from './edge.warnings.rules.ts';

const standing = (verdict: Verdict, fraudType: string | null = null) => ({ verdict, fraudType });
const value = (verdict: Verdict, role = 'text', fraudType: string | null = null): ValueStanding => ({
  type: 'phone',
  value: '1',
  verdict,
  fraudType,
  role,
});

describe('call decision', () => {
  it('declines a fraud caller or callee, warns on a suspicious caller, passes the rest', () => {
    expect(callAnswerLine(decideCall(standing('fraud', 'task_rebate'), undefined))).toBe(
      'block;type=task_rebate;party=caller',
    );
    expect(callAnswerLine(decideCall(undefined, standing('fraud', 'fake_investment')))).toBe(
      'block;type=fake_investment;party=callee',
    );
    expect(callAnswerLine(decideCall(standing('suspicious'), undefined))).toBe(
      'warn;type=unspecified;party=caller',
    );
    expect(callAnswerLine(decideCall(standing('allowed'), standing('suspicious')))).toBe('pass');
    expect(callAnswerLine(decideCall(undefined, undefined))).toBe('pass');
  });

  it('a fraud party always wins over a suspicious one, whichever side it is on', () => {
    const v = fc.constantFrom(...VERDICTS);
    fc.assert(
      fc.property(v, v, (a, b) => {
        const d = decideCall(standing(a), standing(b));
        if (a === 'fraud' || b === 'fraud') expect(d.action).toBe('block');
        else if (a === 'suspicious') expect(d.action).toBe('warn');
        else expect(d.action).toBe('pass');
      }),
    );
  });

  it('the answer line holds only the fixed words and the type code (safe to copy into a SIP header)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VERDICTS), fc.constantFrom('caller', 'callee'), (v, side) => {
        const s = standing(v, 'impersonate_authority');
        const line = callAnswerLine(side === 'caller' ? decideCall(s, undefined) : decideCall(undefined, s));
        expect(line).toMatch(/^(pass|(block|warn);type=[a-z_]+;party=(caller|callee))$/);
      }),
    );
  });
});

describe('SMS decision', () => {
  it('blocks on a listed fraud value even when the sender is allow-listed', () => {
    const d = decideSms(
      [value('allowed', 'sender'), value('fraud', 'text', 'fake_shopping_service')],
      undefined,
    );
    expect(d).toMatchObject({ action: 'block', fraudType: 'fake_shopping_service' });
    expect(d.reasons).toHaveLength(1);
  });
  it('lets the classifier block only when it is sure, and warn otherwise', () => {
    expect(decideSms([], { verdict: 'fraud', score: 0.99, fraudType: 'task_rebate' }).action).toBe('block');
    expect(decideSms([], { verdict: 'fraud', score: 0.9 }).action).toBe('warn');
    expect(decideSms([], { verdict: 'spam', score: 0.99 }).action).toBe('deliver');
    expect(decideSms([value('suspicious')], { verdict: 'normal', score: 0 }).action).toBe('warn');
  });
});

describe('payee decision', () => {
  const facts = { amount: 100, channel: 'mobile_app' };
  it('holds a fraud account and allows an unknown one', () => {
    expect(decidePayee(value('fraud', 'payee', 'fake_investment'), [], facts)).toMatchObject({
      action: 'hold',
      fraudType: 'fake_investment',
    });
    expect(decidePayee(value('unknown', 'payee'), [], facts)).toEqual({ action: 'allow', reasons: [] });
  });
  it('turns a warning into a hold for large amounts and unattended channels', () => {
    expect(decidePayee(value('suspicious', 'payee'), [], facts).action).toBe('warn');
    expect(decidePayee(value('suspicious', 'payee'), [], { ...facts, amount: 50_000 }).action).toBe('hold');
    expect(decidePayee(value('suspicious', 'payee'), [], { ...facts, channel: 'api' }).action).toBe('hold');
  });
  it('warns on linked values and on an institution that does not match the account, holds on the credit list', () => {
    expect(decidePayee(value('unknown', 'payee'), [value('fraud', 'payee')], facts).action).toBe('warn');
    expect(
      decidePayee(value('unknown', 'payee'), [], {
        ...facts,
        namedInstitution: 'ICBC',
        knownInstitution: 'CCB',
      }).reasons[0],
    ).toContain('not ICBC');
    expect(decidePayee(value('unknown', 'payee'), [], { ...facts, creditListed: true }).action).toBe('hold');
  });
});

describe('edge keys', () => {
  it('accepts configured keys only, and nothing when none is configured', () => {
    const ok = edgeKeyChecker(['alpha-key-0001', 'beta-key-0002']);
    expect(ok('beta-key-0002')).toBe(true);
    expect(ok('beta-key-0003')).toBe(false);
    expect(ok(undefined)).toBe(false);
    expect(edgeKeyChecker([])('anything')).toBe(false);
  });
});

describe('warning planning', () => {
  const w = {
    subscriber: '+8613500000000',
    channel: 'call' as const,
    verdict: 'suspicious' as const,
    counterpart: '+8613700000000',
    reason: 'r',
  };
  it('targets groups by rule and falls back to general', () => {
    expect(ruleFor(WARNING_POLICY, 'elderly').deliveries).toEqual(['callback', 'sms']);
    expect(ruleFor(WARNING_POLICY, 'nobody').group).toBe('general');
    const student = ruleFor(WARNING_POLICY, 'student');
    expect(targets(student, { ...w, fraudType: 'task_rebate' })).toBe(true);
    expect(targets(student, { ...w, fraudType: 'fake_investment' })).toBe(false);
    expect(targets(student, { ...w, verdict: 'fraud', fraudType: 'fake_investment' })).toBe(true);
  });
  it('deduplicates within a window and backs off exponentially until it gives up', () => {
    const hour = WARNING_POLICY.dedupWindowMs;
    expect(dedupKey(WARNING_POLICY, w, 10 * hour + 1)).toBe(
      dedupKey(WARNING_POLICY, w, 10 * hour + hour - 1),
    );
    expect(dedupKey(WARNING_POLICY, w, 10 * hour)).not.toBe(dedupKey(WARNING_POLICY, w, 11 * hour));
    expect(nextAttemptAt(WARNING_POLICY, 1, 0)).toBe(1000);
    expect(nextAttemptAt(WARNING_POLICY, 3, 0)).toBe(4000);
    expect(nextAttemptAt(WARNING_POLICY, WARNING_POLICY.maxAttempts, 0)).toBeUndefined();
  });
  it('holds a payee the mule model is sure of and warns below, naming the pattern and the chain', () => {
    const facts = { amount: 100, channel: 'mobile_app' };
    const reasons = [{ pattern: 'chain', message: 'chain A → B → C' }];
    const sure = decidePayee(value('unknown', 'payee'), [], { ...facts, mule: { score: 0.95, reasons } });
    expect(sure.action).toBe('hold');
    expect(sure.reasons[0]).toContain('chain A → B → C');
    expect(
      decidePayee(value('unknown', 'payee'), [], { ...facts, mule: { score: 0.6, reasons } }).action,
    ).toBe('warn');
  });
});
