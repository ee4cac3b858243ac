import { useMemo, useState } from 'preact/hooks';
import { orientations, questionTypes } from '../../domain/entities/session-log';
import type { RecordOf } from '../../domain/registry';
import type { SessionView } from '../../domain/scheduling/occurrences';
import { createRecord } from '../db/repository';
import { t, type MessageKey } from '../i18n';
import { sessionRecord } from '../schedule/occurrence-edit';
import { useServices, useSession } from '../services';
import { FormEnd } from '../ui/FormEnd';
import { describeSaveError } from '../ui/errors';
import { useLiveQuery } from '../ui/use-live-query';
import { Counter } from './Counter';
import { draftContact, draftFrom, formKindOf, logFields, type DraftContact, type LogDraft } from './log-draft';
import { byRecency, directoryPeople, familyPeople, lastSeen, personMatches, type Person, type PersonKind } from './people';

const kindLabel = (k: PersonKind) => t(`log.kind.${k}` as MessageKey);
const RECENT = 6;
const LISTED = 20;

/**
 * Logging a session in under a minute: a permanence or a bus day lists each contact (who, what
 * about, sent where), a group time ticks the professionals present and counts the children, a
 * workshop ticks the families who came. Saving writes one append-only log on this device.
 */
export function LogForm({ s, title, previous, onDone }: { s: SessionView; title: string; previous: RecordOf<'sessionLog'> | undefined; onDone: (saved: boolean) => void }) {
  const { db } = useServices();
  const { session, territoryId } = useSession();
  const form = formKindOf(s.kind);
  const [draft, setDraft] = useState<LogDraft>(() => draftFrom(previous, form));
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const update = (change: Partial<LogDraft>) => setDraft((d) => ({ ...d, ...change }));
  const id = `log-${s.key.replace(/[^a-z0-9-]/gi, '-')}`;

  const data = useLiveQuery(async () => {
    const [families, entries, logs] = await Promise.all([
      db.records('family').where('territoryId').equals(territoryId).toArray(),
      db.records('directoryEntry').where('territoryId').equals(territoryId).toArray(),
      db.records('sessionLog').where('territoryId').equals(territoryId).toArray(),
    ]);
    return { families, entries, logs };
  }, [db, territoryId]);
  const people = useMemo(() => {
    if (!data) return [];
    const seen = lastSeen(data.logs);
    return byRecency([...familyPeople(data.families, t('log.familyNoName')), ...directoryPeople(data.entries)], seen).map((p) => ({ ...p, seen: seen.has(p.id) }));
  }, [data]);
  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);

  async function save(e: Event) {
    e.preventDefault();
    setError(undefined);
    const probe = logFields(draft, form, { sessionId: s.record?.id ?? crypto.randomUUID(), authorId: session.user.id, loggedAt: new Date().toISOString() });
    if (!probe) return setError(t('log.empty'));
    setSaving(true);
    try {
      const record = await sessionRecord(db, territoryId, s);
      await createRecord(db, 'sessionLog', territoryId, { ...probe, sessionId: record.id });
      onDone(true);
    } catch (err) {
      setError(describeSaveError(err).message);
      setSaving(false);
    }
  }

  return (
    <form class="form logform" onSubmit={(e) => void save(e)} aria-label={t('log.formTitle', { what: title })} noValidate>
      <h4 class="logform__title">{t('log.formTitle', { what: title })}</h4>
      {previous ? <p class="muted">{t('log.correcting')}</p> : null}
      {form === 'contacts' ? <ContactsPart id={id} draft={draft} update={update} people={people} byId={byId} /> : null}
      {form === 'collective' ? (
        <>
          <PresentPicker id={`${id}-pros`} legend={t('log.prosPresent')} searchLabel={t('log.searchPros')} people={people.filter((p) => p.kind === 'assistant_maternel' || p.kind === 'garde_domicile')} draft={draft} update={update} />
          <Counter id={`${id}-children`} label={t('log.children')} value={draft.childrenCount} onChange={(n) => update({ childrenCount: n })} />
        </>
      ) : null}
      {form === 'workshop' ? (
        <>
          <PresentPicker id={`${id}-families`} legend={t('log.familiesPresent')} searchLabel={t('log.searchFamilies')} people={people.filter((p) => p.kind === 'family')} draft={draft} update={update} />
          <Counter id={`${id}-anonymous`} label={t('log.anonymousFamilies')} value={draft.anonymousFamilies} onChange={(n) => update({ anonymousFamilies: n })} max={150} />
          <Counter id={`${id}-children`} label={t('log.children')} value={draft.childrenCount} onChange={(n) => update({ childrenCount: n })} />
        </>
      ) : null}
      {form !== 'contacts' || draft.theme !== '' ? (
        <div class="field">
          <label for={`${id}-theme`}>{t('log.theme')}</label>
          <input id={`${id}-theme`} value={draft.theme} maxLength={200} onInput={(e) => update({ theme: e.currentTarget.value })} />
        </div>
      ) : null}
      <div class="field">
        <label for={`${id}-notes`}>{t('log.notes')}</label>
        <p class="field__hint" id={`${id}-notes-hint`}>
          {t('log.notesHint')}
        </p>
        <textarea id={`${id}-notes`} aria-describedby={`${id}-notes-hint`} rows={2} maxLength={5000} value={draft.notes} onInput={(e) => update({ notes: e.currentTarget.value })} />
      </div>
      <FormEnd error={error}>
        <button type="submit" class="btn btn--primary" disabled={saving}>
          {t('log.save')}
        </button>
        <button type="button" class="btn" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </FormEnd>
    </form>
  );
}

type Listed = Person & { seen: boolean };

/** Permanence or bus day: one line per contact, added by kind or from the people seen lately. */
function ContactsPart({ id, draft, update, people, byId }: { id: string; draft: LogDraft; update: (c: Partial<LogDraft>) => void; people: Listed[]; byId: Map<string, Listed> }) {
  const [query, setQuery] = useState('');
  const add = (c: DraftContact) => update({ contacts: [...draft.contacts, c] });
  const edit = (key: string, change: Partial<DraftContact>) => update({ contacts: draft.contacts.map((c) => (c.key === key ? { ...c, ...change } : c)) });
  const taken = new Set(draft.contacts.map((c) => c.personId));
  const found = query.trim() === '' ? people.filter((p) => p.seen).slice(0, RECENT) : people.filter((p) => personMatches(p, query)).slice(0, 8);
  const available = found.filter((p) => !taken.has(p.id));

  return (
    <>
      <fieldset class="field">
        <legend>{t('log.addContact')}</legend>
        <div class="quick">
          {(['family', 'assistant_maternel', 'garde_domicile', 'other'] as const).map((k) => (
            <button key={k} type="button" class="btn" onClick={() => add(draftContact(k))}>
              <span aria-hidden="true">+ </span>
              {kindLabel(k)}
            </button>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for={`${id}-search`}>{t('log.searchPerson')}</label>
        <input id={`${id}-search`} type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} autoComplete="off" />
      </div>
      {available.length > 0 ? (
        <div class="picker">
          <p class="picker__title" id={`${id}-found`}>
            {query.trim() === '' ? t('log.recent') : t('log.found')}
          </p>
          <ul class="picker__list" aria-labelledby={`${id}-found`}>
            {available.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  class="btn btn--small"
                  onClick={() => {
                    add(draftContact(p.kind, p.id));
                    setQuery('');
                  }}
                >
                  <span aria-hidden="true">+ </span>
                  {p.label}
                  <span class="picker__kind"> ({kindLabel(p.kind)})</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : query.trim() !== '' ? (
        <p class="muted">{t('log.nobodyFound')}</p>
      ) : null}
      <p class="logform__count" aria-live="polite">
        {t('log.contactCount', { count: draft.contacts.length })}
      </p>
      <ol class="contacts">
        {draft.contacts.map((c, i) => {
          const who = c.personId ? (byId.get(c.personId)?.label ?? t('log.unknownPerson')) : t('log.noName');
          const cid = `${id}-c${i}`;
          return (
            <li key={c.key} class="contact">
              <fieldset class="contact__box">
                <legend class="contact__who">
                  {t('log.contactLegend', { n: i + 1, kind: kindLabel(c.personKind), who })}
                </legend>
                <fieldset class="chips">
                  <legend>{t('log.question')}</legend>
                  {questionTypes.map((q) => (
                    <label key={q} class="chip">
                      <input type="radio" name={`${cid}-q`} value={q} checked={c.questionType === q} onChange={() => edit(c.key, { questionType: q })} />
                      {t(`log.q.${q}` as MessageKey)}
                    </label>
                  ))}
                </fieldset>
                <div class="form__row">
                  <div class="field">
                    <label for={`${cid}-o`}>{t('log.orientation')}</label>
                    <select id={`${cid}-o`} value={c.orientation} onChange={(e) => edit(c.key, { orientation: e.currentTarget.value as DraftContact['orientation'] })}>
                      <option value="">{t('log.o.none')}</option>
                      {orientations.map((o) => (
                        <option key={o} value={o}>
                          {t(`log.o.${o}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </div>
                  {c.orientation === 'autre' ? (
                    <div class="field">
                      <label for={`${cid}-ot`}>{t('log.orientationOther')}</label>
                      <input id={`${cid}-ot`} value={c.orientationText} maxLength={200} onInput={(e) => edit(c.key, { orientationText: e.currentTarget.value })} />
                    </div>
                  ) : null}
                </div>
                <button type="button" class="btn btn--small btn--danger" onClick={() => update({ contacts: draft.contacts.filter((x) => x.key !== c.key) })}>
                  {t('log.removeContact')}
                  <span class="sr-only"> {i + 1}</span>
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** Group time or workshop: tick who was there, the people seen lately first, or search by name. */
function PresentPicker({ id, legend, searchLabel, people, draft, update }: { id: string; legend: string; searchLabel: string; people: Listed[]; draft: LogDraft; update: (c: Partial<LogDraft>) => void }) {
  const [query, setQuery] = useState('');
  const ticked = new Set(draft.present.map((p) => p.id));
  const matching = people.filter((p) => personMatches(p, query));
  // Ticked people stay in view whatever is typed, so a tap can be undone.
  const shown = [...people.filter((p) => ticked.has(p.id) && !matching.slice(0, LISTED).includes(p)), ...matching.slice(0, LISTED)];
  const toggle = (p: Person, on: boolean) => update({ present: on ? [...draft.present, { id: p.id, kind: p.kind }] : draft.present.filter((x) => x.id !== p.id) });
  return (
    <fieldset class="field present">
      <legend>
        {legend} <span class="badge">{t('log.ticked', { count: ticked.size })}</span>
      </legend>
      <div class="field">
        <label for={`${id}-search`}>{searchLabel}</label>
        <input id={`${id}-search`} type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} autoComplete="off" />
      </div>
      {people.length === 0 ? <p class="muted">{t('log.nobodyListed')}</p> : shown.length === 0 ? <p class="muted">{t('log.nobodyFound')}</p> : null}
      <ul class="present__list">
        {shown.map((p) => (
          <li key={p.id}>
            <label class="check">
              <input type="checkbox" checked={ticked.has(p.id)} onChange={(e) => toggle(p, e.currentTarget.checked)} />
              <span>
                {p.label}
                {p.kind !== 'family' ? <span class="picker__kind"> ({kindLabel(p.kind)})</span> : null}
                {p.detail ? <span class="present__detail"> · {p.detail}</span> : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {matching.length > LISTED ? <p class="muted">{t('log.more_results', { count: matching.length - LISTED })}</p> : null}
    </fieldset>
  );
}
