import { useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';
import { useSession } from '../services';
import { AccountsPanel } from './AccountsPanel';
import { AuditPanel } from './AuditPanel';
import { useOnline } from './errors';
import { TerritoriesPanel } from './TerritoriesPanel';

type Section = 'accounts' | 'territories' | 'audit';

const sections: Array<{ id: Section; label: MessageKey; adminOnly: boolean }> = [
  { id: 'accounts', label: 'admin.section.accounts', adminOnly: false },
  { id: 'territories', label: 'admin.section.territories', adminOnly: false },
  { id: 'audit', label: 'admin.section.audit', adminOnly: true },
];

/** Staff accounts and their devices, territories and, for admins, the audit log. */
export function AdminScreen() {
  const { session } = useSession();
  const role = session.user.role;
  const online = useOnline();
  const [section, setSection] = useState<Section>('accounts');
  if (role !== 'admin' && role !== 'coordinator') {
    return (
      <section aria-labelledby="admin-title">
        <h1 id="admin-title">{t('admin.title')}</h1>
        <p>{t('admin.notAllowed')}</p>
      </section>
    );
  }
  const shown = sections.filter((s) => !s.adminOnly || role === 'admin');
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <div class="view-switch" role="group" aria-label={t('admin.sections')}>
        {shown.map((s) => (
          <button key={s.id} type="button" class="btn btn--small" aria-pressed={section === s.id} onClick={() => setSection(s.id)}>
            {t(s.label)}
          </button>
        ))}
      </div>
      {!online && section !== 'territories' ? (
        <p class="card card--warning" role="status" data-testid="admin-offline">
          {t('admin.offline')}
        </p>
      ) : null}
      {section === 'accounts' ? <AccountsPanel online={online} /> : null}
      {section === 'territories' ? <TerritoriesPanel /> : null}
      {section === 'audit' && role === 'admin' ? <AuditPanel online={online} /> : null}
    </section>
  );
}
