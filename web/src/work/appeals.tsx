/**
 * Appeals (申诉/复机): the inbox with its SLA clocks, the regulator's decision with a reason (upheld
 * releases the value everywhere), and the form an operator, bank or platform files for its subscriber.
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
  ActorName,
  Code,
  CodeSelect,
  Deadline,
  ListPanel,
  OrgName,
  RadioChoices,
  ReasonArea,
  SendButton,
  StatusBadge,
  useAction,
  usePagedList,
} from './common.tsx';
import { parseAppeal, work, type Appeal } from './model.ts';

const CHECKLIST = ['identity_verified', 'usage_explained', 'no_new_reports', 'owner_statement'] as const;
const TYPES = ['phone', 'bank', 'account', 'domain', 'url', 'app'] as const;

const DecideForm = ({ appeal, onDone }: { appeal: Appeal; onDone: () => void }) => {
  const { t, v } = useI18n();
  const [decision, setDecision] = useState<'upheld' | 'rejected'>('upheld');
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      testId="appeal-decision"
      legend={t('appealDecision')}
      send={() => work.decideAppeal(appeal.id, { decision, reason })}
      done={onDone}
    >
      <RadioChoices
        name="decision"
        choices={['upheld', 'rejected'] as const}
        value={decision}
        onChange={setDecision}
        label={(d) => v('appealDecision', d)}
      />
      <ReasonArea value={reason} onChange={setReason} />
    </ActionForm>
  );
};

const AppealDetail = ({ appeal, onDone }: { appeal: Appeal; onDone: () => void }) => {
  const { t, v, lang } = useI18n();
  const { may } = useCatalog();
  const ref = { type: appeal.type, normalized: appeal.normalized };
  return (
    <article className="detail" data-appeal={appeal.id}>
      <h3>
        {v('resourceType', appeal.type)} ·{' '}
        <span className="mono" translate="no">
          {appeal.normalized}
        </span>
      </h3>
      <dl className="facts">
        <dt>{t('status')}</dt>
        <dd>
          <StatusBadge group="appealStatus" status={appeal.status} />
        </dd>
        <dt>{t('value')}</dt>
        <dd>
          <a href={valueHref(ref)} onClick={(e) => (e.preventDefault(), navigate(valueHref(ref)))}>
            <span translate="no">{appeal.normalized}</span>
          </a>
        </dd>
        <dt>{t('filedBy')}</dt>
        <dd>
          <OrgName id={appeal.orgId} /> · <ActorName actor={appeal.filedBy} /> ·{' '}
          {time(appeal.createdAt, lang)}
        </dd>
        <dt>{t('previousStatus')}</dt>
        <dd>
          <Code group="lifecycle" code={appeal.previousStatus} />
        </dd>
        <dt>{t('dueAt')}</dt>
        <dd>
          <Deadline at={appeal.dueAt} finished={appeal.status !== 'pending'} />
        </dd>
        {appeal.decidedAt ? (
          <>
            <dt>{t('decidedBy')}</dt>
            <dd>
              <ActorName actor={appeal.decidedBy} /> · {time(appeal.decidedAt, lang)} ·{' '}
              <span translate="no">{appeal.reason}</span>
            </dd>
          </>
        ) : null}
      </dl>
      <h4>{t('statement')}</h4>
      <p className="report-text" translate="no">
        {appeal.statement}
      </p>
      <h4>{t('checklist')}</h4>
      <ul className="checklist">
        {appeal.checklist.map((c) => (
          <li key={c.item} className={c.provided ? 'ok' : 'muted'}>
            {c.provided ? '✓' : '✗'} {v('checklist', c.item)} ({c.provided ? t('provided') : t('missing')})
            {c.note ? <span translate="no"> · {c.note}</span> : null}
          </li>
        ))}
      </ul>
      {appeal.status === 'pending' && may.has('appeal.decide') ? (
        <DecideForm key={appeal.id} appeal={appeal} onDone={onDone} />
      ) : null}
    </article>
  );
};

const FileAppeal = ({ onDone }: { onDone: () => void }) => {
  const { t, v } = useI18n();
  const [type, setType] = useState<string>('phone');
  const [value, setValue] = useState('');
  const [statement, setStatement] = useState('');
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const action = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const checklist = CHECKLIST.map((item) => ({ item, provided: ticked.has(item) }));
    if (await action.run(() => work.fileAppeal({ type, value, statement, checklist }), t('saved'))) {
      setValue('');
      setStatement('');
      onDone();
    }
  };
  return (
    <form className="decision" onSubmit={(e) => void submit(e)} data-testid="file-appeal">
      <fieldset>
        <legend>{t('fileAppeal')}</legend>
        <div className="row">
          <label>
            {t('type_label')}
            <CodeSelect
              group="resourceType"
              name="type"
              label={t('type_label')}
              value={type}
              onChange={setType}
              codes={TYPES}
            />
          </label>
          <label>
            {t('value')}
            <input name="value" required value={value} onChange={(e) => setValue(e.target.value)} />
          </label>
        </div>
        <label>
          {t('statement')}
          <textarea
            name="statement"
            rows={2}
            required
            value={statement}
            onChange={(e) => setStatement(e.target.value)}
          />
        </label>
        <div className="choices">
          {CHECKLIST.map((c) => (
            <label key={c}>
              <input
                type="checkbox"
                name={c}
                checked={ticked.has(c)}
                onChange={(e) =>
                  setTicked((s) => {
                    const n = new Set(s);
                    if (e.target.checked) n.add(c);
                    else n.delete(c);
                    return n;
                  })
                }
              />{' '}
              {v('checklist', c)}
            </label>
          ))}
        </div>
        <SendButton action={action} />
      </fieldset>
    </form>
  );
};

export const AppealsPanel = () => {
  const { t, v, lang } = useI18n();
  const { may, orgs } = useCatalog();
  const [status, setStatus] = useState('pending');
  const list = usePagedList('/api/v1/appeals', parseAppeal, { status });
  const [selected, setSelected] = useState<Appeal | null>(null);
  const onSelect = useCallback((a: Appeal) => setSelected(a), []);
  const columns: ReadonlyArray<Column<Appeal>> = [
    {
      key: 'value',
      title: t('value'),
      render: (r) => (
        <span className="mono" translate="no">
          {v('resourceType', r.type)} · {r.normalized}
        </span>
      ),
      sortValue: (r) => r.normalized,
    },
    {
      key: 'org',
      title: t('filedBy'),
      render: (r) => <OrgName id={r.orgId} />,
      sortValue: (r) => orgs.find((o) => o.id === r.orgId)?.name ?? r.orgId,
    },
    {
      key: 'status',
      title: t('status'),
      render: (r) => <StatusBadge group="appealStatus" status={r.status} />,
      sortValue: (r) => v('appealStatus', r.status),
    },
    {
      key: 'due',
      title: t('sla'),
      render: (r) => <Deadline at={r.dueAt} finished={r.status !== 'pending'} />,
      sortValue: (r) => r.dueAt,
    },
    {
      key: 'created',
      title: t('createdAt'),
      render: (r) => time(r.createdAt, lang),
      sortValue: (r) => r.createdAt,
    },
  ];
  const current = selected && list.items.find((a) => a.id === selected.id);
  return (
    <ListPanel
      id="appeals"
      title={t('appeals')}
      list={list}
      status={{ group: 'appealStatus', value: status, onChange: setStatus }}
      columns={columns}
      rowKey={(r) => r.id}
      overdue={(r) => r.status === 'pending' && r.dueAt < Date.now()}
      detail={{
        selected: current ?? null,
        onSelect,
        render: (r) => <AppealDetail appeal={r} onDone={list.reload} />,
      }}
      below={may.has('appeal.file') ? <FileAppeal onDone={list.reload} /> : null}
    />
  );
};
