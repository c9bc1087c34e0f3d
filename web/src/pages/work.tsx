/**
 * 协同处置: the qualification queue, cases, work orders and appeals as tabs, each shown only to the
 * roles the server's rule table lets read it (GET /api/v1/collaboration/permissions).
 */
import { useCatalog } from '../catalog.tsx';
import { useI18n, type Key } from '../i18n.tsx';
import { navigate, useLocation } from '../router.ts';
import { AppealsPanel } from '../work/appeals.tsx';
import { CasePage, CasesPanel } from '../work/cases.tsx';
import { QueuePanel } from '../work/queue.tsx';
import { WorkOrdersPanel } from '../work/workorders.tsx';

const TABS: ReadonlyArray<{ id: string; title: Key; needs: string }> = [
  { id: 'queue', title: 'queue', needs: 'queue.read' },
  { id: 'cases', title: 'cases', needs: 'case.read' },
  { id: 'workorders', title: 'workOrders', needs: 'workorder.read' },
  { id: 'appeals', title: 'appeals', needs: 'appeal.read' },
];

/** The tabs a caller may read (the shell hides 协同处置 altogether when there are none). */
export const workTabs = (may: ReadonlySet<string>) => TABS.filter((x) => may.has(x.needs));

export const Work = () => {
  const { t } = useI18n();
  const { may } = useCatalog();
  const { path } = useLocation();
  const tabs = workTabs(may);
  const [, , , tabId = '', caseId] = path.split('/');
  const tab = tabs.find((x) => x.id === tabId) ?? tabs[0];
  if (!tab) return <p className="muted page">{may.size === 0 ? t('loading') : t('noPermission')}</p>;
  if (tab.id === 'cases' && caseId) return <CasePage id={decodeURIComponent(caseId)} />;
  return (
    <div className="page work">
      <nav className="tabs" aria-label={t('navWork')}>
        {tabs.map((x) => (
          <a
            key={x.id}
            href={`/app/work/${x.id}`}
            className={x.id === tab.id ? 'active' : undefined}
            data-tab={x.id}
            onClick={(e) => (e.preventDefault(), navigate(`/app/work/${x.id}`))}
          >
            {t(x.title)}
          </a>
        ))}
      </nav>
      {tab.id === 'queue' ? <QueuePanel mayDecide={may.has('queue.decide')} /> : null}
      {tab.id === 'cases' ? <CasesPanel /> : null}
      {tab.id === 'workorders' ? <WorkOrdersPanel /> : null}
      {tab.id === 'appeals' ? <AppealsPanel /> : null}
    </div>
  );
};
