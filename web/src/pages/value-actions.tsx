/**
 * What an analyst may do to one value from its page: pin or unpin a verdict, move its lifecycle, put it
 * on or take it off the allow-list, add a claim or a sighting. Shown only to the roles the API lets act
 * (analysts and administrators; writers for claims and sightings); every action takes a reason.
 */
import { useState, type ReactNode } from 'react';
import { library } from '../api.ts';
import { useCatalog } from '../catalog.tsx';
import { useI18n } from '../i18n.tsx';
import { SendButton, useAction } from '../work/common.tsx';

/** Lifecycle moves the library accepts from each state. */
const MOVES: Readonly<Record<string, readonly string[]>> = {
  reported: ['under_review', 'confirmed', 'released', 'expired'],
  under_review: ['confirmed', 'released', 'expired', 'reported'],
  confirmed: ['disposed', 'appealed', 'released', 'expired'],
  disposed: ['appealed', 'released', 'expired'],
  appealed: ['confirmed', 'disposed', 'released'],
  released: ['reported', 'under_review', 'confirmed'],
  expired: ['reported', 'under_review', 'confirmed'],
};

const ActionForm = ({
  title,
  testId,
  onSubmit,
  onDone,
  children,
}: {
  title: string;
  testId: string;
  onSubmit: (reason: string) => Promise<unknown>;
  onDone: () => void;
  children?: ReactNode;
}) => {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const action = useAction();
  return (
    <form
      className="decision inline"
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        void action
          .run(() => onSubmit(reason), t('saved'))
          .then((ok) => {
            if (ok) {
              setReason('');
              onDone();
            }
          });
      }}
    >
      <strong className="action-title">{title}</strong>
      {children}
      <label>
        {t('reason')}
        <input name="reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <SendButton action={action} />
    </form>
  );
};

export const ValueActions = ({
  type,
  value,
  status,
  pinned,
  allowListed,
  onDone,
}: {
  type: string;
  value: string;
  status: string;
  pinned: boolean;
  allowListed: boolean;
  onDone: () => void;
}) => {
  const { t, v, label } = useI18n();
  const { me, fraudTypes } = useCatalog();
  const [verdict, setVerdict] = useState('fraud');
  const [overrides, setOverrides] = useState(false);
  const [to, setTo] = useState(MOVES[status]?.[0] ?? '');
  const [allowName, setAllowName] = useState('');
  const [claimVerdict, setClaimVerdict] = useState('fraud');
  const [fraudType, setFraudType] = useState('');
  const [confidence, setConfidence] = useState('0.8');
  const [sighting, setSighting] = useState('seen');
  if (!me) return null;
  const analyst = me.role === 'admin' || me.role === 'analyst';
  const writer = analyst || me.role === 'reporter';
  const regulator = me.orgKind === 'regulator';
  if (!writer) return null;
  return (
    <section className="panel" data-section="value-actions">
      <h3>{t('actions')}</h3>
      {analyst ? (
        pinned ? (
          <ActionForm
            title={t('unpin')}
            testId="unpin"
            onSubmit={(reason) => library.unpin({ type, value, reason })}
            onDone={onDone}
          />
        ) : (
          <ActionForm
            title={t('pin')}
            testId="pin"
            onSubmit={(reason) => library.pin({ type, value, verdict, reason, overridesAllow: overrides })}
            onDone={onDone}
          >
            <select aria-label={t('verdict')} value={verdict} onChange={(e) => setVerdict(e.target.value)}>
              {['fraud', 'suspicious', 'allowed'].map((x) => (
                <option key={x} value={x}>
                  {t(`verdict_${x}` as 'verdict_fraud')}
                </option>
              ))}
            </select>
            <label className="check">
              <input type="checkbox" checked={overrides} onChange={(e) => setOverrides(e.target.checked)} />{' '}
              {t('overridesAllow')}
            </label>
          </ActionForm>
        )
      ) : null}
      {analyst && (MOVES[status]?.length ?? 0) > 0 ? (
        <ActionForm
          title={t('moveTo')}
          testId="transition"
          onSubmit={(reason) => library.transition({ type, value, to, reason })}
          onDone={onDone}
        >
          <select aria-label={t('moveTo')} value={to} onChange={(e) => setTo(e.target.value)}>
            {(MOVES[status] ?? []).map((x) => (
              <option key={x} value={x}>
                {v('lifecycle', x)}
              </option>
            ))}
          </select>
        </ActionForm>
      ) : null}
      {analyst && regulator ? (
        allowListed ? (
          <ActionForm
            title={t('allowRemove')}
            testId="disallow"
            onSubmit={(reason) => library.disallow({ type, value, reason })}
            onDone={onDone}
          />
        ) : (
          <ActionForm
            title={t('allowAdd')}
            testId="allow"
            onSubmit={(reason) => library.allow({ type, value, label: allowName, reason })}
            onDone={onDone}
          >
            <label>
              {t('allowLabel')}
              <input name="label" required value={allowName} onChange={(e) => setAllowName(e.target.value)} />
            </label>
          </ActionForm>
        )
      ) : null}
      <ActionForm
        title={t('addClaim')}
        testId="claim"
        onSubmit={(reason) =>
          library.claim({
            type,
            value,
            verdict: claimVerdict,
            confidence: Number(confidence),
            source: reason,
            ...(fraudType ? { fraudType } : {}),
          })
        }
        onDone={onDone}
      >
        <select
          aria-label={t('verdict')}
          value={claimVerdict}
          onChange={(e) => setClaimVerdict(e.target.value)}
        >
          {['fraud', 'suspicious', 'benign'].map((x) => (
            <option key={x} value={x}>
              {v('claimVerdict', x)}
            </option>
          ))}
        </select>
        <select aria-label={t('fraudType')} value={fraudType} onChange={(e) => setFraudType(e.target.value)}>
          <option value="">{t('fraudType')}</option>
          {fraudTypes.map((f) => (
            <option key={f.code} value={f.code}>
              {label(f.code)}
            </option>
          ))}
        </select>
        <label>
          {t('confidence')}
          <input
            name="confidence"
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={confidence}
            onChange={(e) => setConfidence(e.target.value)}
          />
        </label>
      </ActionForm>
      <ActionForm
        title={t('addSighting')}
        testId="sighting"
        onSubmit={(note) => library.sighting({ type, value, kind: sighting, note })}
        onDone={onDone}
      >
        <select aria-label={t('addSighting')} value={sighting} onChange={(e) => setSighting(e.target.value)}>
          {['seen', 'false_positive', 'expired'].map((x) => (
            <option key={x} value={x}>
              {v('sightingKind', x)}
            </option>
          ))}
        </select>
      </ActionForm>
    </section>
  );
};
