/**
 * A keyboard-friendly table over keyset-paged API answers: ↑/↓ (or j/k) select, Enter opens, ←/→ page.
 * The server pages with `nextCursor`, so a million rows cost the same as a hundred; sorting orders the
 * page on screen.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from './i18n.tsx';

export interface Column<T> {
  readonly key: string;
  readonly title: string;
  readonly render: (row: T) => ReactNode;
  readonly sortValue?: (row: T) => string | number;
}

export interface DataTableProps<T> {
  readonly columns: ReadonlyArray<Column<T>>;
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  readonly onOpen?: (row: T) => void;
  /** Told which row the keyboard or the mouse selected (to show it beside the list). */
  readonly onSelect?: (row: T) => void;
  readonly rowClass?: (row: T) => string | undefined;
  readonly onNext?: (() => void) | undefined;
  readonly onPrev?: (() => void) | undefined;
  readonly label: string;
  /** Show the pager (default): off for short lists the API answers whole. */
  readonly paged?: boolean;
}

export function DataTable<T>(p: DataTableProps<T>) {
  const { t } = useI18n();
  const [selected, setSelected] = useState(0);
  const [sort, setSort] = useState<{ key: string; desc: boolean } | null>(null);
  const body = useRef<HTMLTableSectionElement>(null);

  const col = sort ? p.columns.find((c) => c.key === sort.key) : undefined;
  const rows = col?.sortValue
    ? [...p.rows].sort((a, b) => {
        const x = col.sortValue?.(a) ?? '';
        const y = col.sortValue?.(b) ?? '';
        const r = x < y ? -1 : x > y ? 1 : 0;
        return sort?.desc ? -r : r;
      })
    : p.rows;

  // New rows (a reload after an action, the next page) keep the selected row where it still is.
  const selectedKey = useRef<string | null>(null);
  const rowKeyRef = useRef(p.rowKey);
  rowKeyRef.current = p.rowKey;
  const shownRef = useRef(rows);
  shownRef.current = rows;
  useEffect(() => {
    const key = selectedKey.current;
    const at = key === null ? -1 : shownRef.current.findIndex((r) => rowKeyRef.current(r) === key);
    setSelected(at >= 0 ? at : 0);
  }, [p.rows]);
  const onSelect = p.onSelect;
  const current = rows[selected];
  useEffect(() => {
    if (current === undefined) return;
    selectedKey.current = rowKeyRef.current(current);
    onSelect?.(current);
  }, [current, onSelect]);
  useEffect(() => {
    body.current
      ?.querySelector<HTMLElement>(`tr[data-index="${selected}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const onKey = (e: React.KeyboardEvent) => {
    const row = rows[selected];
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        setSelected((s) => Math.min(rows.length - 1, s + 1));
        break;
      case 'ArrowUp':
      case 'k':
        setSelected((s) => Math.max(0, s - 1));
        break;
      case 'Enter':
        if (row) p.onOpen?.(row);
        break;
      case 'ArrowRight':
      case 'n':
        p.onNext?.();
        break;
      case 'ArrowLeft':
      case 'p':
        p.onPrev?.();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div className="table-wrap">
      <table tabIndex={0} onKeyDown={onKey} aria-label={p.label} className="data">
        <thead>
          <tr>
            {p.columns.map((c) => (
              <th
                key={c.key}
                aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}
              >
                {c.sortValue ? (
                  <button
                    type="button"
                    className="link"
                    onClick={() => setSort((s) => ({ key: c.key, desc: s?.key === c.key ? !s.desc : false }))}
                  >
                    {c.title}
                    {sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                  </button>
                ) : (
                  c.title
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.map((r, i) => (
            <tr
              key={p.rowKey(r)}
              data-index={i}
              className={
                [i === selected ? 'selected' : '', p.rowClass?.(r) ?? ''].join(' ').trim() || undefined
              }
              onClick={() => {
                setSelected(i);
                if (i === selected) p.onSelect?.(r);
              }}
              onDoubleClick={() => p.onOpen?.(r)}
            >
              {p.columns.map((c) => (
                <td key={c.key}>{c.render(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {p.paged === false ? null : (
        <div className="pager">
          <button type="button" disabled={!p.onPrev} onClick={() => p.onPrev?.()}>
            {t('prev')}
          </button>
          <button type="button" disabled={!p.onNext} onClick={() => p.onNext?.()}>
            {t('next')}
          </button>
          <span className="muted small">{t('keyboardHint')}</span>
        </div>
      )}
    </div>
  );
}

/** Keyset paging state: the stack of cursors already visited, so "previous" works without offsets. */
export const useKeyset = () => {
  const [stack, setStack] = useState<Array<string | undefined>>([undefined]);
  const cursor = stack[stack.length - 1];
  const reset = useCallback(
    () => setStack((s) => (s.length === 1 && s[0] === undefined ? s : [undefined])),
    [],
  );
  const next = useCallback((c: string) => setStack((s) => [...s, c]), []);
  return {
    cursor,
    reset,
    next,
    prev: stack.length > 1 ? () => setStack((s) => s.slice(0, -1)) : undefined,
  };
};
