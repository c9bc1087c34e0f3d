/** 协同处置: the qualification queue, cases, work orders and appeals, each an engine's plug-in panel. */
import { useI18n } from '../i18n.tsx';
import { PluginPanel } from '../plugin-panel.tsx';

export const Work = () => {
  const { t } = useI18n();
  return (
    <div className="page">
      <h2>{t('navWork')}</h2>
      <PluginPanel id="queue" title={t('queue')} path="/api/v1/queue" />
      <PluginPanel id="cases" title={t('cases')} path="/api/v1/cases" />
      <PluginPanel id="workorders" title={t('workOrders')} path="/api/v1/workorders" />
      <PluginPanel id="appeals" title={t('appeals')} path="/api/v1/appeals" />
    </div>
  );
};
