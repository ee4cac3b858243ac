import { useState } from 'preact/hooks';
import { directoryToCsv, directoryToGeoJson } from '../../../domain/directory/export';
import { ImportRefusedError, importDirectoryCsv, type DirectoryImportResult } from '../../../domain/directory/import-csv';
import { importDirectoryGeoJson } from '../../../domain/directory/import-geojson';
import type { RecordOf } from '../../../domain/registry';
import { writeMany } from '../../db/repository';
import { t } from '../../i18n';
import { useServices, useSession } from '../../services';
import { describeSaveError } from '../../ui/errors';
import { downloadFile } from './download';
import { planImport } from './import-plan';

type Entry = RecordOf<'directoryEntry'>;
type Commune = RecordOf<'commune'>;

type State =
  | { step: 'idle' }
  | { step: 'reading'; name: string; done: number; total: number }
  | { step: 'preview'; name: string; result: DirectoryImportResult; creates: number; updates: number }
  | { step: 'writing'; name: string }
  | { step: 'done'; created: number; updated: number; skipped: number }
  | { step: 'refused'; message: string };

const SHOWN_ERRORS = 30;

function isGeoJson(file: File): boolean {
  return /\.(geo)?json$/i.test(file.name) || file.type === 'application/geo+json' || file.type === 'application/json';
}

/**
 * Import a directory file (CSV from a spreadsheet, or GeoJSON) with a preview and a report by
 * line, then export the directory back. Nothing is written until the person confirms, and then
 * everything in one transaction: no half import.
 */
export function TransferPanel({ entries, communes }: { entries: readonly Entry[]; communes: readonly Commune[] }) {
  const { db } = useServices();
  const { territoryId } = useSession();
  const [state, setState] = useState<State>({ step: 'idle' });
  const known = new Set(communes.map((c) => c.code));
  const communeName = (code: string) => communes.find((c) => c.code === code)?.name;

  async function read(file: File) {
    setState({ step: 'reading', name: file.name, done: 0, total: file.size });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const options = {
        knownCommune: (code: string) => known.has(code),
        onProgress: (done: number, total: number) => setState({ step: 'reading', name: file.name, done, total }),
      };
      const result = isGeoJson(file) ? await importDirectoryGeoJson(bytes, options) : await importDirectoryCsv(bytes, options);
      const { creates, updates } = planImport(entries, result.entries);
      setState({ step: 'preview', name: file.name, result, creates, updates });
    } catch (err) {
      setState({ step: 'refused', message: err instanceof ImportRefusedError ? err.message : t('transfer.unreadable') });
    }
  }

  async function write(result: DirectoryImportResult, name: string) {
    setState({ step: 'writing', name });
    try {
      // Planned again at the moment of writing: a sync may have brought entries since the preview.
      const plan = planImport(await db.records('directoryEntry').where('territoryId').equals(territoryId).toArray(), result.entries);
      const done = await writeMany(db, 'directoryEntry', territoryId, plan.items);
      setState({ step: 'done', created: done.created, updated: done.updated, skipped: result.errors.length });
    } catch (err) {
      setState({ step: 'refused', message: describeSaveError(err).message });
    }
  }

  function exportAs(format: 'csv' | 'geojson') {
    const live = entries.filter((e) => !e.deleted);
    const day = new Date().toISOString().slice(0, 10);
    if (format === 'csv') downloadFile(`annuaire-${day}.csv`, directoryToCsv(live, communeName), 'text/csv;charset=utf-8');
    else downloadFile(`annuaire-${day}.geojson`, JSON.stringify(directoryToGeoJson(live, communeName)), 'application/geo+json');
  }

  return (
    <section class="card transfer" aria-labelledby="transfer-title">
      <h2 id="transfer-title">{t('transfer.title')}</h2>
      <p class="muted">{t('transfer.intro')}</p>
      <div class="form__actions">
        <label class="btn file-button">
          {t('transfer.choose')}
          <input
            type="file"
            class="sr-only"
            accept=".csv,.txt,.geojson,.json,text/csv,application/geo+json,application/json"
            disabled={state.step === 'reading' || state.step === 'writing'}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void read(file);
            }}
          />
        </label>
        <button type="button" class="btn" onClick={() => exportAs('csv')}>
          {t('transfer.exportCsv')}
        </button>
        <button type="button" class="btn" onClick={() => exportAs('geojson')}>
          {t('transfer.exportGeoJson')}
        </button>
      </div>
      {state.step === 'reading' ? (
        <div class="transfer__progress">
          <label for="import-progress">{t('transfer.reading', { name: state.name })}</label>
          <progress id="import-progress" max={state.total || 1} value={state.done} />
        </div>
      ) : null}
      {state.step === 'writing' ? <p role="status">{t('transfer.writing')}</p> : null}
      {state.step === 'refused' ? (
        <p class="form-error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.step === 'done' ? (
        <p class="card card--success" role="status">
          {t('transfer.done', { created: state.created, updated: state.updated })}
          {state.skipped > 0 ? ` ${t('transfer.doneSkipped', { count: state.skipped })}` : ''}
        </p>
      ) : null}
      {state.step === 'preview' ? (
        <div class="transfer__preview" data-testid="import-preview">
          <h3>{t('transfer.previewTitle', { name: state.name })}</h3>
          <p role="status">
            {t('transfer.summary', { rows: state.result.totalRows, valid: state.result.entries.length, errors: state.result.errors.length })}{' '}
            {t('transfer.plan', { creates: state.creates, updates: state.updates })}
          </p>
          {state.result.warnings.length > 0 ? (
            <ul class="transfer__warnings">
              {state.result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
          {state.result.errors.length > 0 ? (
            <>
              <h4>{t('transfer.errorsTitle')}</h4>
              <ul class="transfer__errors" data-testid="import-errors">
                {state.result.errors.slice(0, SHOWN_ERRORS).map((e) => (
                  <li key={`${e.line}-${e.message}`}>{e.message}</li>
                ))}
              </ul>
              {state.result.errors.length > SHOWN_ERRORS ? <p>{t('transfer.moreErrors', { count: state.result.errors.length - SHOWN_ERRORS })}</p> : null}
            </>
          ) : null}
          <div class="form__actions">
            {state.result.entries.length > 0 ? (
              <button type="button" class="btn btn--primary" onClick={() => void write(state.result, state.name)}>
                {state.result.errors.length > 0
                  ? t('transfer.importSkipping', { count: state.result.entries.length, errors: state.result.errors.length })
                  : t('transfer.import', { count: state.result.entries.length })}
              </button>
            ) : null}
            <button type="button" class="btn" onClick={() => setState({ step: 'idle' })}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
