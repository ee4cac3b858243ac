import { useEffect, useState } from 'preact/hooks';
import { getMeta, setMeta } from '../../db/meta';
import { t } from '../../i18n';
import { useServices } from '../../services';
import { useLiveQuery } from '../../ui/use-live-query';
import { getPublicCopy } from '../download';
import { WithPublicCopy } from '../ParentDirectory';
import { keep, keptRequests, parsePrivateLink } from './kept-requests';
import { RequestCard } from './RequestCard';
import { RequestForm } from './RequestForm';
import { REQUEST_QUEUED } from './use-request-sync';

const FRESH_KEY = 'freshRequest';

/** "Être rappelé": the request form, on the territory whose copy the phone keeps. */
export function RequestScreen() {
  const { publicDb } = useServices();
  return (
    <section aria-labelledby="request-title">
      <h1 id="request-title">{t('request.title')}</h1>
      <WithPublicCopy title={t('find.copyTitle')}>
        {(territoryId) => (
          <RequestForm
            territoryId={territoryId}
            onQueued={(kept) => {
              void setMeta(publicDb, FRESH_KEY, kept.id).then(() => {
                window.location.hash = '#/suivi';
              });
            }}
          />
        )}
      </WithPublicCopy>
    </section>
  );
}

/**
 * "Ma demande": the requests sent from this phone and where each stands. Opening a private link
 * (`#/suivi/<id>.<secret>`) on another phone adds that request here.
 */
export function MyRequestsScreen() {
  const { publicDb: db } = useServices();
  const [fresh, setFresh] = useState<string>();
  const [territoryId, setTerritoryId] = useState<string>();
  const list = useLiveQuery(() => keptRequests(db), [db]);

  useEffect(() => {
    void getMeta<string>(db, FRESH_KEY).then((id) => {
      setFresh(id);
      if (id) void db.meta.delete(FRESH_KEY);
    });
    void getPublicCopy(db).then((c) => setTerritoryId(c?.territoryId));
    const link = parsePrivateLink(window.location.hash);
    if (link) {
      void (async () => {
        const known = (await keptRequests(db)).some((r) => r.id === link.id);
        // The code is not known until the server answers: shown once the status is read.
        if (!known) await keep(db, { id: link.id, secret: link.secret, receiptCode: '…', createdAt: new Date().toISOString() });
        history.replaceState(null, '', '#/suivi');
        window.dispatchEvent(new Event(REQUEST_QUEUED));
      })();
    }
  }, [db]);

  return (
    <section aria-labelledby="my-requests-title">
      <h1 id="my-requests-title">{t('request.mine.title')}</h1>
      {list === undefined ? <p class="muted">{t('common.loading')}</p> : null}
      {list?.length === 0 ? (
        <div class="card">
          <p>{t('request.mine.none')}</p>
          <p>
            <a class="btn btn--primary" href="#/demande">
              {t('request.mine.start')}
            </a>
          </p>
        </div>
      ) : null}
      {list?.map((kept) => <RequestCard key={kept.id} kept={{ ...kept, receiptCode: kept.status?.receiptCode ?? kept.receiptCode }} territoryId={territoryId} fresh={kept.id === fresh} />)}
      {list && list.length > 0 ? (
        <p>
          <a href="#/demande">{t('request.mine.another')}</a>
        </p>
      ) : null}
    </section>
  );
}
