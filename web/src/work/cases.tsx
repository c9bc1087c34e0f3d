/** Cases: the list, and a case's page with its values, work orders, timeline, dossier and status moves. */
import { useCallback, useEffect, useState } from 'react';
import { useCatalog } from '../catalog.tsx';
import { time, Verdict } from '../format.tsx';
import { useI18n } from '../i18n.tsx';
import { valueHref } from '../pages/library.tsx';
import { navigate } from '../router.ts';
import { DataTable, type Column } from '../table.tsx';
import {
  ActorName,
  Code,
  Deadline,
  errorText,
  SeverityBadge,
  StatusBadge,
  usePagedList,
  useAction,
} from './common.tsx';
import { parseCase, work, type Case, type CaseDetail, type CaseEvent, type WorkOrder } from './model.ts';
import { useWorkOrderColumns, WorkOrderDetail } from './workorders.tsx';

const STATUSES = ['open', 'closed', 'merged'] as const;
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const ACTIONS = [
  'suspend_number',
  'take_down_domain',
  'ban_account',
  'freeze_account',
  'warn_user',
  'reverify_subscriber',
] as const;
const SEVERITY_RANK: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2, critical: 3 };
const caseHref = (id: string) => `/app/work/cases/${encodeURIComponent(id)}`;

export const CasesPanel = () => {
  const { t, v, lang, label } = useI18n();
  const [status, setStatus] = useState('open');
  const list = usePagedList('/api/v1/cases', parseCase, { status });
  const columns: ReadonlyArray<Column<Case>> = [
    {
      key: 'title',
      title: t('title'),
      render: (r) => (
        <a
          href={caseHref(r.id)}
          onClick={(e) => (e.preventDefault(), navigate(caseHref(r.id)))}
          className="clip"
          translate="no"
        >
          {r.title}
        </a>
      ),
      sortValue: (r) => r.title,
    },
    {
      key: 'fraudType',
      title: t('fraudType'),
      render: (r) => (r.fraudType ? label(r.fraudType) : '—'),
      sortValue: (r) => (r.fraudType ? label(r.fraudType) : ''),
    },
    {
      key: 'severity',
      title: t('severity'),
      render: (r) => <SeverityBadge severity={r.severity} />,
      sortValue: (r) => SEVERITY_RANK[r.severity] ?? 0,
    },
    {
      key: 'status',
      title: t('status'),
      render: (r) => <StatusBadge group="caseStatus" status={r.status} />,
    },
    {
      key: 'deadline',
      title: t('deadline'),
      render: (r) => <Deadline at={r.deadlineAt} finished={r.status !== 'open'} />,
      sortValue: (r) => r.deadlineAt ?? 0,
    },
    { key: 'createdBy', title: t('actor'), render: (r) => <ActorName actor={r.createdBy} /> },
    {
      key: 'createdAt',
      title: t('createdAt'),
      render: (r) => time(r.createdAt, lang),
      sortValue: (r) => r.createdAt,
    },
  ];
  return (
    <section className="panel" data-plugin="cases" data-state={list.state}>
      <div className="panel-head">
        <h3>{t('cases')}</h3>
        <select aria-label={t('status')} value={status} onChange={(e) => setStatus(e.target.value)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {v('caseStatus', s)}
            </option>
          ))}
        </select>
      </div>
      {list.state === 'error' ? <p className="error">{list.error}</p> : null}
      {list.state === 'ready' && list.items.length === 0 ? <p className="muted">{t('noData')}</p> : null}
      {list.items.length > 0 ? (
        <DataTable
          label={t('cases')}
          rows={list.items}
          rowKey={(r) => r.id}
          columns={columns}
          onOpen={(r) => navigate(caseHref(r.id))}
          rowClass={(r) =>
            r.status === 'open' && r.deadlineAt !== null && r.deadlineAt < Date.now() ? 'overdue' : undefined
          }
          onNext={list.onNext}
          onPrev={list.onPrev}
        />
      ) : null}
    </section>
  );
};

/** A timeline entry in words: its kind translated, and the few facts each kind carries. */
const EventLine = ({ e }: { e: CaseEvent }) => {
  const { v, lang } = useI18n();
  const d = e.data;
  const facts = [d['reason'], d['text'], d['note'], d['title']].filter(
    (x): x is string => typeof x === 'string' && x !== '',
  );
  return (
    <li data-kind={e.kind}>
      <span className="muted small">{time(e.at, lang)}</span> <ActorName actor={e.actor} /> ·{' '}
      <strong>{v('caseEvent', e.kind)}</strong>
      {facts.length > 0 ? <span translate="no"> · {facts.join(' · ')}</span> : null}
    </li>
  );
};

const StatusMove = ({ c, onDone }: { c: CaseDetail['case']; onDone: () => void }) => {
  const { t, v } = useI18n();
  const [reason, setReason] = useState('');
  const [severity, setSeverity] = useState(c.severity);
  const action = useAction();
  const to = c.status === 'open' ? 'closed' : 'open';
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await action.run(() => work.patchCase(c.id, { status: to, reason }), t('saved'))) onDone();
  };
  const changeSeverity = async (s: string) => {
    setSeverity(s);
    if (await action.run(() => work.patchCase(c.id, { severity: s }), t('saved'))) onDone();
  };
  if (c.status === 'merged') return null;
  return (
    <form className="decision inline" onSubmit={(e) => void submit(e)} data-testid="case-status">
      <label>
        {t('severity')}
        <select
          value={severity}
          onChange={(e) => void changeSeverity(e.target.value)}
          disabled={c.status !== 'open'}
        >
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {v('severity', s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('reason')}
        <input name="reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={action.busy}>
        {to === 'closed' ? t('closeCase') : t('reopenCase')}
      </button>
      {action.view}
    </form>
  );
};

const WorkOrdersOfCase = ({
  c,
  orders,
  onDone,
}: {
  c: CaseDetail['case'];
  orders: readonly WorkOrder[];
  onDone: () => void;
}) => {
  const { t, v } = useI18n();
  const { may } = useCatalog();
  const columns = useWorkOrderColumns(true);
  const [severity, setSeverity] = useState('');
  const [actionCode, setActionCode] = useState('');
  const [unrouted, setUnrouted] = useState<string[]>([]);
  const [selected, setSelected] = useState<WorkOrder | null>(null);
  const onSelect = useCallback((w: WorkOrder) => setSelected(w), []);
  const action = useAction();
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    let answer: unknown = null;
    const ok = await action.run(async () => {
      answer = await work.createWorkOrders(c.id, {
        ...(severity ? { severity } : {}),
        ...(actionCode ? { action: actionCode } : {}),
      });
    }, t('saved'));
    if (ok) {
      const u =
        (answer as { unrouted?: Array<{ display?: string; reason?: string }> } | null)?.unrouted ?? [];
      setUnrouted(u.map((x) => `${x.display ?? ''}: ${x.reason ?? ''}`));
      onDone();
    }
  };
  const current = selected && orders.find((w) => w.id === selected.id);
  return (
    <section className="panel" data-section="case-workorders">
      <h3>{t('workOrders')}</h3>
      {orders.length === 0 ? <p className="muted">{t('noData')}</p> : null}
      {orders.length > 0 ? (
        <div className="split">
          <div className="split-list">
            <DataTable
              label={t('workOrders')}
              rows={orders}
              rowKey={(r) => r.id}
              columns={columns}
              onSelect={onSelect}
              onOpen={onSelect}
              paged={false}
            />
          </div>
          <div className="split-detail">
            {current ? <WorkOrderDetail order={current} onChanged={onDone} /> : null}
          </div>
        </div>
      ) : null}
      {may.has('case.write') && c.status === 'open' ? (
        <form className="decision inline" onSubmit={(e) => void create(e)} data-testid="create-workorders">
          <label>
            {t('severity')}
            <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
              <option value="">{v('severity', c.severity)}</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {v('severity', s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('woAction')}
            <select value={actionCode} onChange={(e) => setActionCode(e.target.value)}>
              <option value="">{t('actionAuto')}</option>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {v('woAction', a)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={action.busy}>
            {t('generateWorkOrders')}
          </button>
          {action.view}
          {unrouted.length > 0 ? <p className="small muted">{unrouted.join('；')}</p> : null}
        </form>
      ) : null}
    </section>
  );
};

export const CasePage = ({ id }: { id: string }) => {
  const { t, v, lang, label } = useI18n();
  const { may } = useCatalog();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const [note, setNote] = useState('');
  const noteAction = useAction();
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    let cancelled = false;
    work.case(id).then(
      (d) => !cancelled && setDetail(d),
      (e: unknown) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [id, tick]);
  if (error) return <p className="error">{error}</p>;
  if (!detail) return <p className="muted">{t('loading')}</p>;
  const c = detail.case;
  const dossier = `/api/v1/cases/${encodeURIComponent(c.id)}/dossier`;
  return (
    <div className="page case" data-case={c.id}>
      <p>
        <a href="/app/work/cases" onClick={(e) => (e.preventDefault(), navigate('/app/work/cases'))}>
          ← {t('backToList')}
        </a>
      </p>
      <h2 translate="no">{c.title}</h2>
      <dl className="facts wide">
        <dt>{t('status')}</dt>
        <dd>
          <StatusBadge group="caseStatus" status={c.status} />
        </dd>
        <dt>{t('severity')}</dt>
        <dd>
          <SeverityBadge severity={c.severity} />
        </dd>
        <dt>{t('fraudType')}</dt>
        <dd>{c.fraudType ? label(c.fraudType) : '—'}</dd>
        <dt>{t('deadline')}</dt>
        <dd>
          <Deadline at={c.deadlineAt} finished={c.status !== 'open'} />
        </dd>
        <dt>{t('actor')}</dt>
        <dd>
          <ActorName actor={c.createdBy} /> · {time(c.createdAt, lang)}
        </dd>
      </dl>
      <div className="actions-row">
        {may.has('dossier.export') ? (
          <>
            <a
              className="button"
              href={`${dossier}?format=html`}
              target="_blank"
              rel="noreferrer"
              data-testid="dossier"
            >
              {t('dossier')}
            </a>
            <a className="button" href={dossier} download={`${c.id}.json`}>
              {t('dossierJson')}
            </a>
          </>
        ) : null}
      </div>
      {may.has('case.write') ? <StatusMove c={c} onDone={reload} /> : null}
      <section className="panel" data-section="case-values">
        <h3>{t('caseValues')}</h3>
        <table className="data compact">
          <thead>
            <tr>
              <th>{t('type_label')}</th>
              <th>{t('value')}</th>
              <th>{t('verdict')}</th>
              <th>{t('lifecycle')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.values.map((x) => (
              <tr key={x.resourceId}>
                <td>{v('resourceType', x.type)}</td>
                <td className="mono" translate="no">
                  <a href={valueHref(x)} onClick={(e) => (e.preventDefault(), navigate(valueHref(x)))}>
                    <span translate="no">{x.display}</span>
                  </a>
                </td>
                <td>
                  <Verdict verdict={x.verdict} />
                </td>
                <td>
                  <Code group="lifecycle" code={x.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <WorkOrdersOfCase c={c} orders={detail.workOrders} onDone={reload} />
      <section className="panel" data-section="timeline">
        <h3>{t('timeline')}</h3>
        <ol className="timeline">
          {detail.timeline.map((e) => (
            <EventLine key={e.id} e={e} />
          ))}
        </ol>
        {may.has('case.write') && c.status === 'open' ? (
          <form
            className="decision inline"
            onSubmit={(e) => {
              e.preventDefault();
              void noteAction
                .run(() => work.note(c.id, note), t('saved'))
                .then((ok) => {
                  if (ok) {
                    setNote('');
                    reload();
                  }
                });
            }}
          >
            <label>
              {t('note')}
              <input name="note" required value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            <button type="submit">{t('addNote')}</button>
            {noteAction.view}
          </form>
        ) : null}
      </section>
    </div>
  );
};
