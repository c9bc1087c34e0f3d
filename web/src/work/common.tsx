/** What the 协同处置 screens share: keyset-paged lists, readable names, deadlines as clocks, badges. */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { useCatalog } from '../catalog.tsx';
import { score, time, Verdict } from '../format.tsx';
import { valueHref } from '../pages/library.tsx';
import { navigate } from '../router.ts';
import { useI18n, vocabCodes, type VocabGroup } from '../i18n.tsx';
import { DataTable, useKeyset, type Column } from '../table.tsx';
import { getPage, type Page } from './model.ts';

export interface PagedList<T> {
  readonly state: 'loading' | 'ready' | 'error';
  readonly error: string;
  readonly items: readonly T[];
  readonly onNext: (() => void) | undefined;
  readonly onPrev: (() => void) | undefined;
  readonly reload: () => void;
}

/** One keyset-paged list: `after` goes out, the answer's `nextCursor` comes back; filters reset the pages. */
export const usePagedList = <T,>(
  path: string,
  parse: (v: unknown) => T,
  query: Record<string, string | undefined>,
  limit = 50,
): PagedList<T> => {
  const pages = useKeyset();
  const [page, setPage] = useState<Page<T> | null>(null);
  const [state, setState] = useState<PagedList<T>['state']>('loading');
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const queryKey = JSON.stringify(query);
  const { reset } = pages;
  useEffect(() => reset(), [queryKey, reset]);
  useEffect(() => {
    let cancelled = false;
    const q = JSON.parse(queryKey) as Record<string, string | undefined>;
    getPage(path, parse, { ...q, limit, after: pages.cursor })
      .then((p) => {
        if (cancelled) return;
        setPage(p);
        setState('ready');
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(e instanceof Error ? e.message : String(e));
        setState('error');
      });
    return () => {
      cancelled = true;
    };
    // `parse` is a module-level function: the list depends on the path, filters, page and reloads.
  }, [path, queryKey, pages.cursor, limit, tick]);
  const next = page?.nextCursor;
  return {
    state,
    error,
    items: page?.items ?? [],
    onNext: next ? () => pages.next(next) : undefined,
    onPrev: pages.prev,
    reload: useCallback(() => setTick((n) => n + 1), []),
  };
};

/** An organisation by its name (the id only when the catalogue does not know it). */
export const OrgName = ({ id }: { id: string | null }) => {
  const { orgs } = useCatalog();
  if (!id) return <>—</>;
  const o = orgs.find((x) => x.id === id);
  return (
    <span title={id} translate="no">
      {o ? o.name : id}
    </span>
  );
};

/** Who did something: the signed-in user as "me", people by their name where known, the system as such. */
export const ActorName = ({ actor }: { actor: string | null }) => {
  const { t } = useI18n();
  const { people, me } = useCatalog();
  if (!actor) return <>—</>;
  if (actor === 'system' || actor.startsWith('system')) return <>{t('system')}</>;
  if (me && actor === me.actor)
    return (
      <span title={actor} translate="no">
        {me.displayName}
      </span>
    );
  const id = actor.replace(/^(user|key):/, '');
  const u = people.find((x) => x.actor === actor);
  if (u)
    return (
      <span title={actor} translate="no">
        {u.displayName}
      </span>
    );
  return (
    <span title={actor} className="muted">
      {actor.startsWith('key:') ? t('apiKey') : t('user')} <span translate="no">{id.slice(-4)}</span>
    </span>
  );
};

export const Code = ({ group, code }: { group: VocabGroup; code: string | null }) => {
  const { v } = useI18n();
  return <>{code ? v(group, code) : '—'}</>;
};

export const SeverityBadge = ({ severity }: { severity: string }) => {
  const { v } = useI18n();
  return <span className={`badge sev-${severity}`}>{v('severity', severity)}</span>;
};

export const StatusBadge = ({ group, status }: { group: VocabGroup; status: string }) => {
  const { v } = useI18n();
  return <span className={`badge st-${status}`}>{v(group, status)}</span>;
};

const span = (ms: number, lang: 'zh' | 'en'): string => {
  const m = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (m < 60) return lang === 'zh' ? `${m} 分钟` : `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return lang === 'zh' ? `${h} 小时` : `${h} h`;
  const d = Math.round(h / 24);
  return lang === 'zh' ? `${d} 天` : `${d} d`;
};

/** A deadline as a clock: the time, and how long is left or how long it is overdue (when not finished). */
export const Deadline = ({ at, finished }: { at: number | null; finished: boolean }) => {
  const { t, lang } = useI18n();
  if (at === null || at <= 0) return <>—</>;
  const left = at - Date.now();
  return (
    <span className={!finished && left < 0 ? 'overdue-text' : undefined} data-overdue={!finished && left < 0}>
      {time(at, lang)}
      {finished ? null : (
        <span className="small block">
          {left < 0 ? t('overdueBy', { t: span(left, lang) }) : t('remaining', { t: span(left, lang) })}
        </span>
      )}
    </span>
  );
};

export const errorText = (e: unknown): string =>
  e instanceof ApiError ? (e.field ? `${e.field}: ${e.message}` : e.message) : String(e);

/** A form's send button and its answer: the error the API gave, or "saved". */
export const useAction = () => {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (f: () => Promise<unknown>, ok: string): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      await f();
      setMessage({ ok: true, text: ok });
      return true;
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const view: ReactNode = message ? (
    <p className={message.ok ? 'ok small' : 'error small'} role="status">
      {message.text}
    </p>
  ) : null;
  return { busy, run, view };
};

/** A select over a vocabulary group's codes, labelled in the screen's language ("all" first when given). */
export const CodeSelect = ({
  group,
  value,
  onChange,
  name,
  label,
  all,
  codes,
  disabled,
}: {
  group: VocabGroup;
  value: string;
  onChange: (code: string) => void;
  name?: string;
  label: string;
  /** The label of an empty choice meaning "any". */
  all?: string;
  /** Only these codes (default: the whole group). */
  codes?: readonly string[];
  disabled?: boolean;
}) => {
  const { v } = useI18n();
  return (
    <select
      name={name}
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
    >
      {all !== undefined ? <option value="">{all}</option> : null}
      {(codes ?? vocabCodes(group)).map((c) => (
        <option key={c} value={c}>
          {v(group, c)}
        </option>
      ))}
    </select>
  );
};

/** A form's text fields in one state: `bind(name)` gives a field its value and its change handler. */
export const useFields = <F extends Record<string, string>>(initial: F) => {
  const [form, setForm] = useState(initial);
  const bind = (k: keyof F & string) => ({
    value: form[k] ?? '',
    onChange: (x: string) => setForm((f) => ({ ...f, [k]: x })),
  });
  return { form, setForm, bind };
};

/** The fraud type, chosen from the taxonomy by its label ("—" for none). */
export const FraudTypeField = ({ value, onChange }: { value: string; onChange: (code: string) => void }) => {
  const { t, label } = useI18n();
  const { fraudTypes } = useCatalog();
  return (
    <label>
      {t('fraudType')}
      <select name="fraudType" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {fraudTypes.map((f) => (
          <option key={f.code} value={f.code}>
            {label(f.code)}
          </option>
        ))}
      </select>
    </label>
  );
};

/** A labelled `CodeSelect`. */
export const CodeField = ({
  label,
  group,
  value,
  onChange,
}: {
  label: string;
  group: VocabGroup;
  value: string;
  onChange: (code: string) => void;
}) => (
  <label>
    {label}
    <CodeSelect group={group} label={label} value={value} onChange={onChange} />
  </label>
);

const SEVERITY_RANK: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The columns several lists share: severity (sorted by rank) and fraud type (by its label). */
export const useSharedColumns = () => {
  const { t, label } = useI18n();
  return {
    severity: <T extends { severity: string }>(): Column<T> => ({
      key: 'severity',
      title: t('severity'),
      render: (r) => <SeverityBadge severity={r.severity} />,
      sortValue: (r) => SEVERITY_RANK[r.severity] ?? 0,
    }),
    fraudType: <T extends { fraudType: string | null }>(): Column<T> => ({
      key: 'fraudType',
      title: t('fraudType'),
      render: (r) => (r.fraudType ? label(r.fraudType) : '—'),
      sortValue: (r) => (r.fraudType ? label(r.fraudType) : ''),
    }),
  };
};

/**
 * A 协同处置 list: its title and status filter, the keyset-paged table, and (when `detail` is given)
 * the selected row beside it; ↑↓ or a click selects, Enter calls `onOpen`.
 */
export const ListPanel = <T,>({
  id,
  title,
  list,
  status,
  columns,
  rowKey,
  overdue,
  detail,
  onOpen,
  below,
}: {
  id: string;
  title: string;
  list: PagedList<T>;
  status: { group: VocabGroup; value: string; onChange: (s: string) => void; all?: string };
  columns: ReadonlyArray<Column<T>>;
  rowKey: (r: T) => string;
  overdue?: (r: T) => boolean;
  detail?: { selected: T | null; onSelect: (r: T) => void; render: (r: T) => ReactNode };
  onOpen?: (r: T) => void;
  below?: ReactNode;
}) => {
  const { t } = useI18n();
  const table = (
    <>
      {list.state === 'ready' && list.items.length === 0 ? <p className="muted">{t('noData')}</p> : null}
      {list.items.length > 0 ? (
        <DataTable
          label={title}
          rows={list.items}
          rowKey={rowKey}
          columns={columns}
          onSelect={detail?.onSelect}
          onOpen={onOpen ?? detail?.onSelect}
          rowClass={overdue ? (r) => (overdue(r) ? 'overdue' : undefined) : undefined}
          onNext={list.onNext}
          onPrev={list.onPrev}
        />
      ) : null}
      {below}
    </>
  );
  return (
    <section className="panel" data-plugin={id} data-state={list.state}>
      <div className="panel-head">
        <h3>{title}</h3>
        <CodeSelect
          group={status.group}
          value={status.value}
          onChange={status.onChange}
          label={t('status')}
          {...(status.all !== undefined ? { all: status.all } : {})}
        />
      </div>
      {list.state === 'error' ? <p className="error">{list.error}</p> : null}
      {detail ? (
        <div className="split">
          <div className="split-list">{table}</div>
          <div className="split-detail">
            {detail.selected ? detail.render(detail.selected) : <p className="muted">{t('selectItem')}</p>}
          </div>
        </div>
      ) : (
        table
      )}
    </section>
  );
};

/** The reason every decision carries: a required text area. */
export const ReasonArea = ({
  value,
  onChange,
  label,
  name = 'reason',
  required = true,
}: {
  value: string;
  onChange: (v: string) => void;
  label?: string;
  name?: string;
  required?: boolean;
}) => {
  const { t } = useI18n();
  return (
    <label>
      {label ?? t('reason')}
      <textarea
        name={name}
        rows={2}
        required={required}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
};

/** A form's send button and, after sending, the API's answer. */
export const SendButton = ({ action, label }: { action: ReturnType<typeof useAction>; label?: string }) => {
  const { t } = useI18n();
  return (
    <>
      <button type="submit" disabled={action.busy}>
        {label ?? t('submit')}
      </button>
      {action.view}
    </>
  );
};

/**
 * The console's one form: its fields, a send button that runs `send` and shows the API's answer (or
 * "saved"), and `done` after a success. `legend` frames the fields as a titled group; `inline` lays a
 * short form out on one line.
 */
export const ActionForm = ({
  send,
  done,
  testId,
  legend,
  inline,
  label,
  children,
}: {
  send: () => Promise<unknown>;
  done?: () => void;
  testId?: string;
  legend?: string;
  inline?: boolean;
  label?: string;
  children: ReactNode;
}) => {
  const { t } = useI18n();
  const action = useAction();
  const body = (
    <>
      {children}
      <SendButton action={action} {...(label !== undefined ? { label } : {})} />
    </>
  );
  return (
    <form
      className={inline ? 'decision inline' : 'decision'}
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(send, t('saved')).then((ok) => ok && done?.());
      }}
    >
      {legend !== undefined ? (
        <fieldset>
          <legend>{legend}</legend>
          {body}
        </fieldset>
      ) : (
        body
      )}
    </form>
  );
};

/** A labelled text input. */
export const TextField = ({
  label,
  value,
  onChange,
  name,
  required,
  placeholder,
  type,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  name?: string;
  required?: boolean;
  placeholder?: string;
  type?: string;
}) => (
  <label>
    {label}
    <input
      name={name}
      type={type}
      required={required}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  </label>
);

/** One choice of several as radio buttons, each labelled. */
export const RadioChoices = <C extends string>({
  name,
  choices,
  value,
  onChange,
  label,
}: {
  name: string;
  choices: readonly C[];
  value: C;
  onChange: (c: C) => void;
  label: (c: C) => string;
}) => (
  <div className="choices">
    {choices.map((c) => (
      <label key={c}>
        <input type="radio" name={name} value={c} checked={value === c} onChange={() => onChange(c)} />{' '}
        {label(c)}
      </label>
    ))}
  </div>
);

/** A case's or a queue item's values: type, the value (to its page), verdict, lifecycle, and the score. */
export const ValuesTable = ({
  values,
}: {
  values: ReadonlyArray<{
    type: string;
    normalized: string;
    display: string;
    verdict: string;
    status: string | null;
    score?: number;
  }>;
}) => {
  const { t, v } = useI18n();
  const withScore = values.some((x) => x.score !== undefined);
  return (
    <table className="data compact">
      <thead>
        <tr>
          <th>{t('type_label')}</th>
          <th>{t('value')}</th>
          <th>{t('libraryVerdict')}</th>
          {withScore ? <th>{t('score')}</th> : null}
          <th>{t('lifecycle')}</th>
        </tr>
      </thead>
      <tbody>
        {values.map((x) => (
          <tr key={`${x.type}:${x.normalized}`}>
            <td>{v('resourceType', x.type)}</td>
            <td className="mono" translate="no">
              <a href={valueHref(x)} onClick={(e) => (e.preventDefault(), navigate(valueHref(x)))}>
                {x.display}
              </a>
            </td>
            <td>
              <Verdict verdict={x.verdict} />
            </td>
            {withScore ? <td>{score(x.score ?? 0)}</td> : null}
            <td>
              <Code group="lifecycle" code={x.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};
