import { useMemo } from 'preact/hooks';
import { entities, isEntityName, type RecordOf } from '../../domain/registry';
import { updateRecord } from '../db/repository';
import { formatDateTime, t, type MessageKey } from '../i18n';
import { useServices, useSession } from '../services';
import { useLiveQuery } from '../ui/use-live-query';

type Conflict = RecordOf<'conflictRecord'>;

function show(value: unknown, field: string): string {
  if (field === 'deleted') return value === true ? t('conflicts.deletedValue') : t('conflicts.restoredValue');
  if (value === undefined || value === null || value === '') return '—';
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/**
 * Same-field conflicts kept by the server. Keeping or restoring is an ordinary local edit that
 * syncs like any other, so every device ends with the person's choice.
 */
export function ConflictsScreen() {
  const { db } = useServices();
  const { session } = useSession();
  const open = useLiveQuery(() => db.records('conflictRecord').where('status').equals('open').toArray(), [db]);
  const staff = useLiveQuery(() => db.records('staffUser').toArray(), [db]) ?? [];
  const names = useMemo(() => new Map(staff.map((s) => [s.id, s.name])), [staff]);
  const who = (id?: string) => (id ? (names.get(id) ?? t('conflicts.someone')) : t('conflicts.someone'));

  async function resolve(c: Conflict, restore: boolean) {
    const resolvedAt = new Date().toISOString();
    await db.transaction('rw', db.records('conflictRecord'), db.table(tableOf(c.entity)), db.outbox, async () => {
      if (restore && isEntityName(c.entity)) {
        await updateRecord(db, c.entity, c.recordId, { [c.field]: c.otherValue } as never);
      }
      await updateRecord(db, 'conflictRecord', c.id, {
        status: 'resolved',
        resolution: restore ? 'restored' : 'kept',
        resolvedBy: session.user.id,
        resolvedAt,
      });
    });
  }

  return (
    <section aria-labelledby="conflicts-title">
      <h1 id="conflicts-title">{t('conflicts.title')}</h1>
      <p>{t('conflicts.intro')}</p>
      {open && open.length === 0 ? <p>{t('conflicts.none')}</p> : null}
      <ul class="cards" data-testid="conflict-list">
        {(open ?? []).map((c) => (
          <li key={c.id} class="card">
            <h2 class="entry__name">{t('conflicts.field', { field: c.field, entity: t(entityLabel(c.entity)) })}</h2>
            <dl class="conflict">
              <dt>{t('conflicts.current')}</dt>
              <dd>
                <strong>{show(c.keptValue, c.field)}</strong> — {t('conflicts.by', { who: who(c.keptBy), time: formatDateTime(c.keptAt) })}
              </dd>
              <dt>{t('conflicts.other')}</dt>
              <dd>
                <strong>{show(c.otherValue, c.field)}</strong> — {t('conflicts.by', { who: who(c.otherBy), time: formatDateTime(c.otherAt) })}
              </dd>
            </dl>
            <div class="form__actions">
              <button type="button" class="btn" onClick={() => void resolve(c, false)}>
                {t('conflicts.keep')}
              </button>
              <button type="button" class="btn" onClick={() => void resolve(c, true)}>
                {t('conflicts.restore')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function entityLabel(entity: string): MessageKey {
  return entity === 'directoryEntry' ? 'entity.directoryEntry' : entity === 'intakeRequest' ? 'entity.intakeRequest' : entity === 'family' ? 'entity.family' : 'entity.other';
}

/** Table of the record a conflict is about, so restoring it runs in the same transaction. */
function tableOf(entity: string): string {
  return isEntityName(entity) ? entities[entity].table : entities.conflictRecord.table;
}
