import { useMemo } from 'preact/hooks';
import type { AppointmentAsk } from '../../../domain/public/request';
import type { TourneeDB } from '../../db/database';
import { t } from '../../i18n';
import { useServices } from '../../services';
import { useLiveQuery } from '../../ui/use-live-query';
import { slotLabel } from './slot-label';
import { upcomingPermanences, type Site } from './slots';

/** What a parent may ask to meet someone for; "other" is for staff to file. */
export const askKinds = ['permanence', 'parent_employer', 'parenting_support'] as const;
export type AskKind = (typeof askKinds)[number];

/** The slot asked for a chosen permanence: the whole permanence, staff then fix the hour. */
export async function slotAsk(db: TourneeDB, territoryId: string, key: string, kind: AskKind, sites: ReadonlyMap<string, Site>): Promise<AppointmentAsk | undefined> {
  const session = (await upcomingPermanences(db, territoryId)).find((s) => s.key === key);
  if (!session || !sites.has(session.siteId)) return undefined;
  return { id: crypto.randomUUID(), kind, siteId: session.siteId, start: session.start, end: session.end, timeZone: session.timeZone };
}

interface Props {
  territoryId: string;
  kind: AskKind;
  slotKey: string;
  error?: string | undefined;
  siteById: ReadonlyMap<string, Site>;
  onKind: (kind: AskKind) => void;
  onSlot: (key: string) => void;
}

/** Choose what the meeting is for, then one of the coming permanences (from the copy on the phone). */
export function SlotPicker({ territoryId, kind, slotKey, error, siteById, onKind, onSlot }: Props) {
  const { publicDb: db } = useServices();
  const sessions = useLiveQuery(() => upcomingPermanences(db, territoryId), [db, territoryId]);
  const shown = useMemo(() => (sessions ?? []).filter((s) => siteById.has(s.siteId)), [sessions, siteById]);
  return (
    <div class="slot-picker">
      <div class="field">
        <label for="request-kind">{t('request.slot.kind')}</label>
        <select id="request-kind" value={kind} onChange={(e) => onKind(e.currentTarget.value as AskKind)}>
          {askKinds.map((k) => (
            <option key={k} value={k}>
              {t(`request.appointmentKind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset class={error ? 'field field--error' : 'field'} aria-describedby={error ? 'request-slot-error' : undefined}>
        <legend>{t('request.slot.when')}</legend>
        {sessions !== undefined && shown.length === 0 ? <p class="muted">{t('request.slot.none')}</p> : null}
        {shown.map((s) => {
          const site = siteById.get(s.siteId);
          return (
            <label key={s.key} class="check slot">
              <input type="radio" name="request-slot" value={s.key} checked={slotKey === s.key} onChange={() => onSlot(s.key)} />{' '}
              <span>
                {slotLabel(s.start, s.end, s.timeZone)}
                <span class="muted"> — {site?.name}</span>
              </span>
            </label>
          );
        })}
        {error ? (
          <p class="field__error" id="request-slot-error">
            {error}
          </p>
        ) : null}
      </fieldset>
    </div>
  );
}
