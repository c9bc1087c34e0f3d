/**
 * Work orders: each organisation's inbox (the regulator sees all), with deadline, severity, status and
 * escalation; the addressed organisation answers (done, not ours, can't act — with its evidence), the
 * regulator re-routes.
 */
import { useCallback, useState } from 'react';
import { useCatalog } from '../catalog.tsx';
import { time } from '../format.tsx';
import { useI18n } from '../i18n.tsx';
import { valueHref } from '../pages/library.tsx';
import { navigate } from '../router.ts';
import type { Column } from '../table.tsx';
import {
  ActionForm,
  RadioChoices,
  Deadline,
  ListPanel,
  OrgName,
  ReasonArea,
  SeverityBadge,
  StatusBadge,
  usePagedList,
  useSharedColumns,
} from './common.tsx';
import { parseWorkOrder, REFUSALS, work, type WorkOrder } from './model.ts';

export const finishedOrder = (w: WorkOrder): boolean => w.status === 'done' || w.status === 'refused';

export const useWorkOrderColumns = (withOrg: boolean): ReadonlyArray<Column<WorkOrder>> => {
  const { t, v } = useI18n();
  const shared = useSharedColumns();
  const { orgs } = useCatalog();
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  return [
    {
      key: 'value',
      title: t('value'),
      render: (r) => (
        <>
          <span className="clip mono" translate="no" title={r.display}>
            {r.display}
          </span>
          <span className="small muted block">{v('resourceType', r.type)}</span>
        </>
      ),
      sortValue: (r) => r.display,
    },
    {
      key: 'action',
      title: t('woAction'),
      render: (r) => v('woAction', r.action),
      sortValue: (r) => r.action,
    },
    ...(withOrg
      ? [
          {
            key: 'org',
            title: t('recipient'),
            render: (r: WorkOrder) => (
              <span className="clip narrow">
                <OrgName id={r.orgId} />
              </span>
            ),
            sortValue: (r: WorkOrder) => orgName(r.orgId),
          },
        ]
      : []),
    shared.severity<WorkOrder>(),
    {
      key: 'status',
      title: t('status'),
      render: (r) => (
        <>
          <StatusBadge group="woStatus" status={r.status} />
          {r.escalationLevel > 0 ? (
            <span className="small muted"> {t('escalationLevel', { n: r.escalationLevel })}</span>
          ) : null}
        </>
      ),
      sortValue: (r) => r.status,
    },
    {
      key: 'deadline',
      title: t('deadline'),
      render: (r) => <Deadline at={r.deadlineAt} finished={finishedOrder(r)} />,
      sortValue: (r) => r.deadlineAt,
    },
  ];
};

const FeedbackForm = ({ order, onDone }: { order: WorkOrder; onDone: () => void }) => {
  const { t, v } = useI18n();
  const [outcome, setOutcome] = useState<'done' | (typeof REFUSALS)[number]>('done');
  const [note, setNote] = useState('');
  const [actedAt, setActedAt] = useState('');
  const send = () =>
    work.feedback(
      order.id,
      outcome === 'done'
        ? {
            outcome: 'done' as const,
            ...(note ? { note } : {}),
            ...(actedAt ? { actedAt: new Date(actedAt).toISOString() } : {}),
          }
        : { outcome, note },
    );
  return (
    <ActionForm testId="feedback-form" legend={t('feedback')} send={send} done={onDone}>
      <RadioChoices
        name="outcome"
        choices={['done', ...REFUSALS] as const}
        value={outcome}
        onChange={setOutcome}
        label={(c) => (c === 'done' ? v('woStatus', 'done') : v('refusal', c))}
      />
      {outcome === 'done' ? (
        <label>
          {t('actedAt')}
          <input
            type="datetime-local"
            name="actedAt"
            value={actedAt}
            onChange={(e) => setActedAt(e.target.value)}
          />
        </label>
      ) : null}
      <label>
        {outcome === 'done' ? t('note') : t('reason')}
        <textarea
          name="note"
          rows={2}
          required={outcome !== 'done'}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
    </ActionForm>
  );
};

const RerouteForm = ({ order, onDone }: { order: WorkOrder; onDone: () => void }) => {
  const { t, v } = useI18n();
  const { orgs } = useCatalog();
  const acting = orgs.filter(
    (o) => ['operator', 'platform', 'bank', 'registrar'].includes(o.kind) && o.id !== order.orgId,
  );
  const [orgId, setOrgId] = useState(acting[0]?.id ?? '');
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      testId="reroute-form"
      legend={t('reroute')}
      label={t('reroute')}
      send={() => work.reroute(order.id, { orgId, reason })}
      done={onDone}
    >
      <label>
        {t('rerouteTo')}
        <select name="orgId" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
          {acting.map((o) => (
            <option key={o.id} value={o.id} translate="no">
              {o.name} · {v('orgKind', o.kind)}
            </option>
          ))}
        </select>
      </label>
      <ReasonArea value={reason} onChange={setReason} />
    </ActionForm>
  );
};

export const WorkOrderDetail = ({ order, onChanged }: { order: WorkOrder; onChanged: () => void }) => {
  const { t, v, lang } = useI18n();
  const { may } = useCatalog();
  const open = !finishedOrder(order);
  return (
    <article className="detail" data-workorder={order.id}>
      <h3>
        {v('woAction', order.action)} ·{' '}
        <span className="mono" translate="no">
          {order.display}
        </span>
      </h3>
      <dl className="facts">
        <dt>{t('type_label')}</dt>
        <dd>
          {v('resourceType', order.type)} ·{' '}
          <a href={valueHref(order)} onClick={(e) => (e.preventDefault(), navigate(valueHref(order)))}>
            <span translate="no">{order.display}</span>
          </a>
        </dd>
        <dt>{t('recipient')}</dt>
        <dd>
          <OrgName id={order.orgId} />
        </dd>
        <dt>{t('severity')}</dt>
        <dd>
          <SeverityBadge severity={order.severity} />
        </dd>
        <dt>{t('status')}</dt>
        <dd>
          <StatusBadge group="woStatus" status={order.status} />
          {order.escalationLevel > 0 ? ` · ${t('escalationLevel', { n: order.escalationLevel })}` : ''}
        </dd>
        <dt>{t('deadline')}</dt>
        <dd>
          <Deadline at={order.deadlineAt} finished={!open} />
        </dd>
        {may.has('case.read') ? (
          <>
            <dt>{t('case')}</dt>
            <dd>
              <a
                href={`/app/work/cases/${order.caseId}`}
                onClick={(e) => (e.preventDefault(), navigate(`/app/work/cases/${order.caseId}`))}
              >
                <span translate="no">{order.caseId}</span>
              </a>
            </dd>
          </>
        ) : null}
        {order.respondedAt ? (
          <>
            <dt>{t('feedback')}</dt>
            <dd>
              {time(order.respondedAt, lang)}
              {order.outcome && order.outcome !== 'done' ? ` · ${v('refusal', order.outcome)}` : ''}
              {order.responseNote ? <span translate="no"> · {order.responseNote}</span> : null}
              {order.actedAt ? ` · ${t('actedAt')} ${time(order.actedAt, lang)}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {open && may.has('workorder.feedback') ? (
        <FeedbackForm key={order.id} order={order} onDone={onChanged} />
      ) : null}
      {order.status !== 'done' && may.has('workorder.route') ? (
        <RerouteForm key={`r${order.id}`} order={order} onDone={onChanged} />
      ) : null}
    </article>
  );
};

export const WorkOrdersPanel = () => {
  const { t } = useI18n();
  const { may } = useCatalog();
  const [status, setStatus] = useState('');
  const list = usePagedList('/api/v1/workorders', parseWorkOrder, { status: status || undefined });
  const [selected, setSelected] = useState<WorkOrder | null>(null);
  const onSelect = useCallback((r: WorkOrder) => setSelected(r), []);
  const columns = useWorkOrderColumns(may.has('case.write') || may.has('workorder.route'));
  const current = selected && list.items.find((w) => w.id === selected.id);
  return (
    <ListPanel
      id="workorders"
      title={t('workOrders')}
      list={list}
      status={{ group: 'woStatus', value: status, onChange: setStatus, all: t('allStatuses') }}
      columns={columns}
      rowKey={(r) => r.id}
      overdue={(r) => !finishedOrder(r) && r.deadlineAt < Date.now()}
      detail={{
        selected: current ?? null,
        onSelect,
        render: (r) => <WorkOrderDetail order={r} onChanged={list.reload} />,
      }}
    />
  );
};
