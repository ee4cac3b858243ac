import { useMemo, useState } from 'preact/hooks';
import { entities, isEntityName, type RecordOf } from '../../domain/registry';
import { formatDateTime, t } from '../i18n';
import { entityTitle, fieldLabel, valueLabel } from './labels';
import { useServices, useSession } from '../services';
import { describeSaveError } from '../ui/errors';
import { useLiveQuery } from '../ui/use-live-query';
import { recordTitle, resolveConflict, type Resolution } from './resolve';
import { NoticesList } from './NoticesList';

type Conflict = RecordOf<'conflictRecord'>;

/**
 * Same-field conflicts kept by the server, grouped by record, and the notices of domain rules.
 * Keeping, restoring or combining is an ordinary local edit that syncs like any other.
 */
export function ConflictsScreen() {
  const { db } = useServices();
  const open = useLiveQuery(() => db.records('conflictRecord').where('status').equals('open').toArray(), [db]);
  const staff = useLiveQuery(() => db.records('staffUser').toArray(), [db]) ?? [];
  const names = useMemo(() => new Map(staff.map((s) => [s.id, s.name])), [staff]);
  const titles = useLiveQuery(async () => {
    const out = new Map<string, string | undefined>();
    for (const c of open ?? []) {
      if (!isEntityName(c.entity) || out.has(c.recordId)) continue;
      out.set(c.recordId, recordTitle((await db.table(entities[c.entity].table).get(c.recordId)) as Record<string, unknown> | undefined));
    }
    return out;
  }, [db, open]);
  const byRecord = useMemo(() => {
    const groups = new Map<string, Conflict[]>();
    for (const c of open ?? []) groups.set(c.recordId, [...(groups.get(c.recordId) ?? []), c]);
    return [...groups.values()];
  }, [open]);
  const who = (id?: string) => (id ? (names.get(id) ?? t('conflicts.someone')) : t('conflicts.someone'));

  return (
    <section aria-labelledby="conflicts-title">
      <h1 id="conflicts-title">{t('conflicts.title')}</h1>
      <NoticesList />
      <h2>{t('conflicts.valuesTitle')}</h2>
      <p>{t('conflicts.intro')}</p>
      {open && open.length === 0 ? <p>{t('conflicts.none')}</p> : null}
      <ul class="cards cards--wide" data-testid="conflict-list">
        {byRecord.map((group) => {
          const first = group[0]!;
          return (
            <li key={first.recordId} class="card">
              <h3 class="entry__name">
                {entityTitle(first.entity)} {titles?.get(first.recordId) ? <>« {titles.get(first.recordId)} »</> : null}
              </h3>
              {group.map((c) => (
                <ConflictItem key={c.id} conflict={c} who={who} />
              ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function ConflictItem({ conflict: c, who }: { conflict: Conflict; who: (id?: string) => string }) {
  const { db } = useServices();
  const { session } = useSession();
  const [combining, setCombining] = useState(false);
  const [combined, setCombined] = useState('');
  const [error, setError] = useState<string>();
  const textual = typeof c.keptValue === 'string' && typeof c.otherValue === 'string';

  async function choose(choice: Resolution) {
    try {
      setError(undefined);
      await resolveConflict(db, c, choice, session.user.id);
    } catch (e) {
      setError(describeSaveError(e).message);
    }
  }

  const id = `combine-${c.id}`;
  return (
    <div class="conflict-item">
      <p class="conflict-item__field">{fieldLabel(c.field)}</p>
      <dl class="conflict">
        <dt>{t('conflicts.current')}</dt>
        <dd>
          <strong>{valueLabel(c.field, c.keptValue)}</strong> — {t('conflicts.by', { who: who(c.keptBy), time: formatDateTime(c.keptAt) })}
        </dd>
        <dt>{t('conflicts.other')}</dt>
        <dd>
          <strong>{valueLabel(c.field, c.otherValue)}</strong> — {t('conflicts.by', { who: who(c.otherBy), time: formatDateTime(c.otherAt) })}
        </dd>
      </dl>
      {combining ? (
        <form
          class="field"
          onSubmit={(e) => {
            e.preventDefault();
            void choose({ kind: 'combined', value: combined });
          }}
        >
          <label for={id}>{t('conflicts.combineLabel')}</label>
          <textarea id={id} rows={3} value={combined} onInput={(e) => setCombined(e.currentTarget.value)} />
          <div class="form__actions">
            <button type="submit" class="btn btn--primary">
              {t('common.save')}
            </button>
            <button type="button" class="btn" onClick={() => setCombining(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div class="form__actions">
          <button type="button" class="btn" onClick={() => void choose({ kind: 'kept' })}>
            {t('conflicts.keep')}
          </button>
          <button type="button" class="btn" onClick={() => void choose({ kind: 'restored' })}>
            {t('conflicts.restore')}
          </button>
          {textual ? (
            <button
              type="button"
              class="btn"
              onClick={() => {
                setCombined(`${String(c.keptValue)} / ${String(c.otherValue)}`);
                setCombining(true);
              }}
            >
              {t('conflicts.combine')}
            </button>
          ) : null}
        </div>
      )}
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
