/** Cases: the list, and a case's page with its values, work orders, timeline, dossier and status moves. */
import { useCallback, useEffect, useState } from 'react';
import { useCatalog } from '../catalog.tsx';
import { time } from '../format.tsx';
import { useI18n } from '../i18n.tsx';
import { navigate } from '../router.ts';
import { DataTable, type Column } from '../table.tsx';
import {
  ActorName,
  CodeSelect,
  Deadline,
  errorText,
  ListPanel,
  SendButton,
  SeverityBadge,
  StatusBadge,
  useAction,
  usePagedList,
  useSharedColumns,
  ValuesTable,
} from './common.tsx';
import { parseCase, work, type Case, type CaseDetail, type CaseEvent, type WorkOrder } from './model.ts';
import { useWorkOrderColumns, WorkOrderDetail } from './workorders.tsx';

const caseHref = (id: string) => `/app/work/cases/${encodeURIComponent(id)}`;

export const CasesPanel = () => {
  const { t, v, lang } = useI18n();
  const { people } = useCatalog();
  const shared = useSharedColumns();
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
    shared.fraudType<Case>(),
    shared.severity<Case>(),
    {
      key: 'status',
      title: t('status'),
      render: (r) => <StatusBadge group="caseStatus" status={r.status} />,
      sortValue: (r) => v('caseStatus', r.status),
    },
    {
      key: 'deadline',
      title: t('deadline'),
      render: (r) => <Deadline at={r.deadlineAt} finished={r.status !== 'open'} />,
      sortValue: (r) => r.deadlineAt ?? 0,
    },
    {
      key: 'createdBy',
      title: t('actor'),
      render: (r) => <ActorName actor={r.createdBy} />,
      sortValue: (r) => people.find((p) => p.actor === r.createdBy)?.displayName ?? r.createdBy,
    },
    {
      key: 'createdAt',
      title: t('createdAt'),
      render: (r) => time(r.createdAt, lang),
      sortValue: (r) => r.createdAt,
    },
  ];
  return (
    <ListPanel
      id="cases"
      title={t('cases')}
      list={list}
      status={{ group: 'caseStatus', value: status, onChange: setStatus }}
      columns={columns}
      rowKey={(r) => r.id}
      onOpen={(r) => navigate(caseHref(r.id))}
      overdue={(r) => r.status === 'open' && r.deadlineAt !== null && r.deadlineAt < Date.now()}
    />
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
  const { t } = useI18n();
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
        <CodeSelect
          group="severity"
          label={t('severity')}
          value={severity}
          onChange={(s) => void changeSeverity(s)}
          disabled={c.status !== 'open'}
        />
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
            <CodeSelect
              group="severity"
              label={t('severity')}
              value={severity}
              onChange={setSeverity}
              all={v('severity', c.severity)}
            />
          </label>
          <label>
            {t('woAction')}
            <CodeSelect
              group="woAction"
              label={t('woAction')}
              value={actionCode}
              onChange={setActionCode}
              all={t('actionAuto')}
            />
          </label>
          <SendButton action={action} label={t('generateWorkOrders')} />
          {unrouted.length > 0 ? <p className="small muted">{unrouted.join('；')}</p> : null}
        </form>
      ) : null}
    </section>
  );
};

export const CasePage = ({ id }: { id: string }) => {
  const { t, lang, label } = useI18n();
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
        <ValuesTable values={detail.values} />
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
