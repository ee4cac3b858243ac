import { useMemo, useState } from 'preact/hooks';
import type { TerritoryRecords } from '../../domain/families/bundle';
import { findDuplicates, type DuplicateReason } from '../../domain/families/duplicates';
import type { MergeRefusal } from '../../domain/families/merge';
import { familyLabel } from '../../domain/families/search';
import type { RecordOf } from '../../domain/registry';
import { formatDate, t } from '../i18n';
import { useServices } from '../services';
import { describeSaveError } from '../ui/errors';
import { MergeRefused, mergeFamilies } from './family-data';
import { familyHref } from './link';

function reasonText(r: DuplicateReason): string {
  if (r.kind === 'same_phone') return t('family.dup.samePhone', { phone: r.phone });
  if (r.kind === 'same_child') return t('family.dup.sameChild', { name: r.firstName, date: formatDate(r.date) });
  return t('family.dup.sameName', { name: r.name });
}

const refusals: Record<MergeRefusal, Parameters<typeof t>[0]> = {
  same_family: 'family.merge.same_family',
  already_deleted: 'family.merge.already_deleted',
  other_territory: 'family.merge.other_territory',
  too_many_guardians: 'family.merge.too_many_guardians',
  too_many_children: 'family.merge.too_many_children',
  too_many_documents: 'family.merge.too_many_documents',
  too_many_proposals: 'family.merge.too_many_proposals',
  notes_too_long: 'family.merge.notes_too_long',
};

function Summary({ family }: { family: RecordOf<'family'> }) {
  return (
    <div>
      <p>
        <a href={familyHref(family.id)}>
          <bdi>{familyLabel(family) ?? t('family.noName')}</bdi>
        </a>
      </p>
      <p class="muted">
        {[
          ...family.guardians.map((g) => g.phone),
          ...family.children.map((c) => [c.firstName, c.birthDate ? formatDate(c.birthDate) : c.expectedDate ? t('family.expected', { date: formatDate(c.expectedDate) }) : undefined].filter(Boolean).join(' ')),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
    </div>
  );
}

/** Pairs of files that look like the same family, with why; a merge keeps everything of both. */
export function DuplicatesReview({ records }: { records: TerritoryRecords }) {
  const { db } = useServices();
  const pairs = useMemo(() => findDuplicates(records.families), [records.families]);
  const byId = useMemo(() => new Map(records.families.map((f) => [f.id, f])), [records.families]);
  const [keep, setKeep] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ error: boolean; text: string }>();

  async function merge(a: string, b: string) {
    const kept = keep[`${a}|${b}`] ?? a;
    const other = kept === a ? b : a;
    setMessage(undefined);
    try {
      await mergeFamilies(db, kept, other);
      setMessage({ error: false, text: t('family.merge.done') });
    } catch (e) {
      setMessage({ error: true, text: e instanceof MergeRefused ? t(refusals[e.reason]) : describeSaveError(e).message });
    }
  }

  return (
    <section aria-labelledby="dup-title">
      <p>
        <a href="#/familles">{t('family.back')}</a>
      </p>
      <h1 id="dup-title">{t('family.dup.title')}</h1>
      <p class="muted">{t('family.dup.intro')}</p>
      {message ? (
        <p class={message.error ? 'form-error' : 'card card--success'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
      {pairs.length === 0 ? <p>{t('family.dup.none')}</p> : null}
      <ul class="cards cards--wide" data-testid="duplicates">
        {pairs.map((p, i) => {
          const a = byId.get(p.a)!;
          const b = byId.get(p.b)!;
          const key = `${p.a}|${p.b}`;
          const kept = keep[key] ?? p.a;
          return (
            <li key={key} class="card entry">
              <h2 class="entry__name">{t('family.dup.pair', { n: i + 1 })}</h2>
              <ul class="family__list">
                {p.reasons.map((r, j) => (
                  <li key={j}>{reasonText(r)}</li>
                ))}
              </ul>
              <fieldset class="field">
                <legend>{t('family.dup.keep')}</legend>
                {[a, b].map((f) => (
                  <label key={f.id} class="check">
                    <input type="radio" name={`keep-${key}`} checked={kept === f.id} onChange={() => setKeep({ ...keep, [key]: f.id })} />
                    <Summary family={f} />
                  </label>
                ))}
              </fieldset>
              <button type="button" class="btn btn--primary" onClick={() => void merge(p.a, p.b)} aria-label={t('family.dup.mergeLabel', { n: i + 1 })}>
                {t('family.dup.merge')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
