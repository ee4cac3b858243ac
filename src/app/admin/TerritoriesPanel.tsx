import { useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { updateRecord } from '../db/repository';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { useLiveQuery } from '../ui/use-live-query';
import { describeAdminError } from './errors';

/**
 * The manager's territories. A territory is a synced record: edited on the device (offline
 * too) and sent by sync like any change.
 */
export function TerritoriesPanel() {
  const { db } = useServices();
  const { session } = useSession();
  const territories = useLiveQuery(() => db.records('territory').toArray(), [db]) ?? [];
  const mine = territories.filter((x) => session.user.territoryIds.includes(x.id) && !x.deleted);
  return (
    <section aria-labelledby="territories-title">
      <h2 id="territories-title">{t('admin.territories.title')}</h2>
      <p class="muted">{t('admin.territories.explain')}</p>
      <ul class="cards">
        {mine.map((x) => (
          <li key={x.id} class="card">
            <TerritoryForm territory={x} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function TerritoryForm({ territory }: { territory: RecordOf<'territory'> }) {
  const { db } = useServices();
  const [name, setName] = useState(territory.name);
  const [timeZone, setTimeZone] = useState(territory.timeZone);
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const id = territory.id.slice(0, 8);

  async function submit(e: Event) {
    e.preventDefault();
    try {
      await updateRecord(db, 'territory', territory.id, { name: name.trim(), timeZone: timeZone.trim() });
      setNotice({ ok: true, text: t('admin.territories.saved') });
    } catch (err) {
      setNotice({ ok: false, text: describeAdminError(err) });
    }
  }

  return (
    <form class="form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('admin.territories.formOf', { name: territory.name })}>
      <div class="field">
        <label for={`territory-name-${id}`}>{t('admin.territories.name')}</label>
        <input id={`territory-name-${id}`} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`territory-zone-${id}`}>{t('admin.territories.timeZone')}</label>
        <input id={`territory-zone-${id}`} value={timeZone} onInput={(e) => setTimeZone(e.currentTarget.value)} />
      </div>
      {notice ? (
        <p class={notice.ok ? 'card card--success' : 'form-error'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      ) : null}
      <div class="form__actions">
        <button type="submit" class="btn btn--primary">
          {t('admin.territories.save')}
        </button>
      </div>
    </form>
  );
}
