/**
 * The qualification queue: the list on the left, the selected item beside it (↑↓ or a click selects,
 * Enter moves into the decision form), with its values' library verdicts, the reports and their
 * evidence, and the decision (confirm as fraud with a type, reject, merge, escalate) with a reason.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { time } from '../format.tsx';
import { useI18n } from '../i18n.tsx';
import { navigate } from '../router.ts';
import type { Column } from '../table.tsx';
import {
  ActorName,
  FraudTypeField,
  Code,
  CodeSelect,
  errorText,
  ListPanel,
  RadioChoices,
  SendButton,
  StatusBadge,
  useAction,
  usePagedList,
  useSharedColumns,
  ValuesTable,
} from './common.tsx';
import { parseQueueItem, work, type Decision, type QueueDetail, type QueueItem } from './model.ts';

const DECISIONS = ['confirm', 'reject', 'merge', 'escalate'] as const;

const DecisionForm = ({ item, onDone }: { item: QueueItem; onDone: (caseId: string | null) => void }) => {
  const { t } = useI18n();
  const [decision, setDecision] = useState<(typeof DECISIONS)[number]>('confirm');
  const [reason, setReason] = useState('');
  const [fraudType, setFraudType] = useState(item.fraudType ?? '');
  const [severity, setSeverity] = useState('medium');
  const [caseId, setCaseId] = useState('');
  const [into, setInto] = useState('');
  const action = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    let body: Decision;
    if (decision === 'confirm')
      body = {
        decision,
        reason,
        severity,
        ...(fraudType ? { fraudType } : {}),
        ...(caseId ? { caseId } : {}),
      };
    else if (decision === 'merge') body = { decision, reason, into: Number(into) };
    else body = { decision, reason };
    let answer: unknown = null;
    const ok = await action.run(async () => {
      answer = await work.decide(item.id, body);
    }, t('saved'));
    if (ok) {
      const c = (answer as { case?: { id?: unknown } } | null)?.case?.id;
      onDone(typeof c === 'string' ? c : null);
    }
  };
  return (
    <form className="decision" onSubmit={(e) => void submit(e)} data-testid="decision-form">
      <fieldset>
        <legend>{t('decide')}</legend>
        <RadioChoices
          name="decision"
          choices={DECISIONS}
          value={decision}
          onChange={setDecision}
          label={(d) => t(`decision_${d}`)}
        />
        {decision === 'confirm' ? (
          <div className="row">
            <FraudTypeField value={fraudType} onChange={setFraudType} />
            <label>
              {t('severity')}
              <CodeSelect
                group="severity"
                name="severity"
                label={t('severity')}
                value={severity}
                onChange={setSeverity}
              />
            </label>
            <label>
              {t('existingCase')}
              <input
                name="caseId"
                value={caseId}
                onChange={(e) => setCaseId(e.target.value)}
                placeholder="case_…"
              />
            </label>
          </div>
        ) : null}
        {decision === 'merge' ? (
          <label>
            {t('mergeInto')}
            <input name="into" inputMode="numeric" value={into} onChange={(e) => setInto(e.target.value)} />
          </label>
        ) : null}
        <label>
          {t('reason')}
          <textarea
            name="reason"
            required
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <SendButton action={action} />
      </fieldset>
    </form>
  );
};

const ItemDetail = ({
  id,
  mayDecide,
  onDecided,
  formRef,
}: {
  id: number;
  mayDecide: boolean;
  onDecided: () => void;
  formRef: React.RefObject<HTMLDivElement | null>;
}) => {
  const { t, v, lang, label } = useI18n();
  const [detail, setDetail] = useState<QueueDetail | null>(null);
  const [error, setError] = useState('');
  const [caseId, setCaseId] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setDetail(null);
    setCaseId(null);
    work.queueItem(id).then(
      (d) => !cancelled && setDetail(d),
      (e: unknown) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [id]);
  if (error) return <p className="error">{error}</p>;
  if (!detail) return <p className="muted">{t('loading')}</p>;
  const { item } = detail;
  const open = item.status === 'open' || item.status === 'escalated';
  const linkedCase = caseId ?? item.caseId;
  return (
    <article className="detail" data-item={item.id} aria-label={item.title}>
      <h3>
        #{item.id} <span translate="no">{item.title}</span>
      </h3>
      <dl className="facts">
        <dt>{t('status')}</dt>
        <dd>
          <StatusBadge group="queueStatus" status={item.status} />
        </dd>
        <dt>{t('kindOfItem')}</dt>
        <dd>
          <Code group="queueKind" code={item.kind} />
        </dd>
        <dt>{t('channel')}</dt>
        <dd>
          <Code group="reportChannel" code={item.channel} />
        </dd>
        <dt>{t('fraudType')}</dt>
        <dd>{item.fraudType ? label(item.fraudType) : '—'}</dd>
        <dt>{t('reportsCount')}</dt>
        <dd>{item.reportCount}</dd>
        <dt>{t('lastAt')}</dt>
        <dd>{time(item.lastAt, lang)}</dd>
        {item.decidedBy ? (
          <>
            <dt>{t('decidedBy')}</dt>
            <dd>
              <ActorName actor={item.decidedBy} /> · <span translate="no">{item.reason}</span>
            </dd>
          </>
        ) : null}
      </dl>
      {linkedCase ? (
        <p>
          <a
            href={`/app/work/cases/${linkedCase}`}
            onClick={(e) => (e.preventDefault(), navigate(`/app/work/cases/${linkedCase}`))}
            data-testid="open-case"
          >
            {t('openCase')} <span translate="no">{linkedCase}</span>
          </a>
        </p>
      ) : null}
      <h4>{t('values')}</h4>
      {detail.values.length === 0 ? (
        <p className="muted">{t('noData')}</p>
      ) : (
        <ValuesTable values={detail.values} />
      )}
      <h4>{t('reports')}</h4>
      {detail.reports.length === 0 ? <p className="muted">{t('noData')}</p> : null}
      {detail.reports.map((r) => (
        <blockquote key={r.id} className="report">
          <p className="small muted">
            {time(r.createdAt, lang)} · {v('reportChannel', r.channel)}
            {r.amountLost !== null ? ` · ${t('amountLost')} ¥${r.amountLost.toLocaleString()}` : ''}
            {r.contact ? ` · ${t('contact')} ${r.contact}` : ''}
          </p>
          <p className="report-text" translate="no">
            {r.text}
          </p>
          {r.evidence.length > 0 ? (
            <p className="small">
              {t('evidence')}:{' '}
              {r.evidence.map((e) => (
                <span key={e.id} className="chip">
                  {e.mime} · {Math.ceil(e.size / 1024)} KB
                </span>
              ))}
            </p>
          ) : null}
        </blockquote>
      ))}
      <div ref={formRef}>
        {mayDecide && open ? (
          <DecisionForm
            key={item.id}
            item={item}
            onDone={(c) => {
              setCaseId(c);
              // A confirmed item's work goes on in its case; any other decision leaves the queue.
              if (c) navigate(`/app/work/cases/${c}`);
              else onDecided();
            }}
          />
        ) : null}
      </div>
    </article>
  );
};

export const QueuePanel = ({ mayDecide }: { mayDecide: boolean }) => {
  const { t, lang } = useI18n();
  const shared = useSharedColumns();
  const [status, setStatus] = useState<string>('open');
  const list = usePagedList('/api/v1/queue', parseQueueItem, { status });
  const [selected, setSelected] = useState<QueueItem | null>(null);
  const formRef = useRef<HTMLDivElement>(null);
  const onSelect = useCallback((r: QueueItem) => setSelected(r), []);
  const columns: ReadonlyArray<Column<QueueItem>> = [
    { key: 'id', title: '#', render: (r) => r.id, sortValue: (r) => r.id },
    {
      key: 'title',
      title: t('title'),
      render: (r) => (
        <span className="clip" translate="no">
          {r.title}
        </span>
      ),
      sortValue: (r) => r.title,
    },
    shared.fraudType<QueueItem>(),
    {
      key: 'values',
      title: t('values'),
      render: (r) => (
        <span className="clip mono" translate="no">
          {r.values.map((x) => x.display).join(', ') || '—'}
        </span>
      ),
    },
    {
      key: 'reports',
      title: t('reportsCount'),
      render: (r) => r.reportCount,
      sortValue: (r) => r.reportCount,
    },
    { key: 'lastAt', title: t('lastAt'), render: (r) => time(r.lastAt, lang), sortValue: (r) => r.lastAt },
  ];
  return (
    <ListPanel
      id="queue"
      title={t('queue')}
      list={list}
      status={{ group: 'queueStatus', value: status, onChange: setStatus }}
      columns={columns}
      rowKey={(r) => String(r.id)}
      detail={{
        selected,
        onSelect,
        render: (r) => (
          <ItemDetail id={r.id} mayDecide={mayDecide} onDecided={list.reload} formRef={formRef} />
        ),
      }}
      onOpen={(r) => {
        setSelected(r);
        formRef.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
      }}
    />
  );
};
