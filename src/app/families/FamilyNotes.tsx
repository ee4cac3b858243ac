import { useEffect, useState } from 'preact/hooks';
import type { RecordOf } from '../../domain/registry';
import { updateRecord } from '../db/repository';
import { t } from '../i18n';
import { useServices } from '../services';
import { SaveMessageLine, useSaveMessage } from '../ui/use-save-message';

const MAX_NOTES = 10000;

/** The file's working notes, shown as typed (never as markup) and edited in place. */
export function FamilyNotes({ family }: { family: RecordOf<'family'> }) {
  const { db } = useServices();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(family.notes ?? '');
  const { message, run, fail } = useSaveMessage();
  useEffect(() => {
    if (!editing) setText(family.notes ?? '');
  }, [family.notes, editing]);

  async function save(e: Event) {
    e.preventDefault();
    if (text.length > MAX_NOTES) return fail(t('family.notesTooLong', { max: MAX_NOTES }));
    await run(async () => {
      await updateRecord(db, 'family', family.id, { notes: text.trim() === '' ? undefined : text });
      setEditing(false);
    }, t('family.notesSaved'));
  }

  return (
    <section aria-labelledby="family-notes">
      <h2 id="family-notes">{t('family.notes')}</h2>
      {editing ? (
        <form class="form" onSubmit={(e) => void save(e)}>
          <div class="field">
            <label for="family-notes-text">{t('family.notes')}</label>
            <textarea id="family-notes-text" rows={6} value={text} onInput={(e) => setText(e.currentTarget.value)} aria-describedby="family-notes-hint" />
            <p id="family-notes-hint" class="field__hint">
              {t('family.notesHint')}
            </p>
          </div>
          <div class="form__actions">
            <button type="submit" class="btn btn--primary">
              {t('common.save')}
            </button>
            <button type="button" class="btn" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          {family.notes ? (
            <p class="family__notes" dir="auto" data-testid="family-notes">
              {family.notes}
            </p>
          ) : (
            <p class="muted">{t('family.noNotes')}</p>
          )}
          <button type="button" class="btn btn--small" onClick={() => setEditing(true)}>
            {t('family.editNotes')}
          </button>
        </>
      )}
      <SaveMessageLine message={message} />
    </section>
  );
}
