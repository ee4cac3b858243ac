import { useState } from 'preact/hooks';
import type { FamilyBundle } from '../../domain/families/bundle';
import { familyExport, familyExportName } from '../../domain/families/export';
import { recordAudit } from '../audit/queue';
import { downloadFile } from '../directory/transfer/download';
import { t } from '../i18n';
import { useServices } from '../services';
import { ConfirmCard } from '../ui/ConfirmCard';
import { SaveMessageLine, useSaveMessage } from '../ui/use-save-message';
import { familyExportHtml } from './export-html';
import { eraseFamilies, type EraseReport } from './family-data';

/** The family's rights: a copy of its data (JSON and a printable page), and erasure. */
export function RgpdActions({ bundle, onErased }: { bundle: FamilyBundle; onErased: (report: EraseReport) => void }) {
  const { db } = useServices();
  const [confirming, setConfirming] = useState(false);
  const { message, run, done } = useSaveMessage();

  function exportAs(kind: 'json' | 'html') {
    const now = new Date().toISOString();
    const data = familyExport(bundle, now);
    const name = familyExportName(bundle.family.id, now, kind);
    if (kind === 'json') downloadFile(name, JSON.stringify(data, null, 2), 'application/json');
    else downloadFile(name, familyExportHtml(data), 'text/html;charset=utf-8');
    void recordAudit(db, { action: 'export', familyId: bundle.family.id, detail: { what: 'family_file', format: kind } });
    done(t('rgpd.exported', { name }));
  }

  function erase() {
    return run(async () => onErased(await eraseFamilies(db, bundle.family.territoryId, [bundle.family.id])));
  }

  return (
    <section aria-labelledby="family-rgpd">
      <h2 id="family-rgpd">{t('rgpd.title')}</h2>
      <p class="muted">{t('rgpd.intro')}</p>
      <div class="form__actions">
        <button type="button" class="btn" onClick={() => exportAs('json')}>
          {t('rgpd.exportJson')}
        </button>
        <button type="button" class="btn" onClick={() => exportAs('html')}>
          {t('rgpd.exportHtml')}
        </button>
        {!confirming ? (
          <button type="button" class="btn btn--danger" onClick={() => setConfirming(true)}>
            {t('rgpd.erase')}
          </button>
        ) : null}
      </div>
      {confirming ? (
        <ConfirmCard id="rgpd-confirm" text={t('rgpd.eraseConfirm')} confirm={t('rgpd.eraseYes')} onConfirm={() => void erase()} onCancel={() => setConfirming(false)} />
      ) : null}
      <SaveMessageLine message={message} />
    </section>
  );
}
