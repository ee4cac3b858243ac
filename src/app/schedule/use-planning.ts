import { useMemo } from 'preact/hooks';
import { sessionsBetween } from '../../domain/scheduling/occurrences';
import { useServices, useSession } from '../services';
import { useLiveQuery } from '../ui/use-live-query';
import { agendaItems, appointmentItem, type AgendaItem, type Appointment } from './planning-items';

export interface PlanningData {
  /** Sessions and appointments starting in [from, to), by start. */
  items: AgendaItem[];
  /** Appointments the server set aside as booked twice offline, whatever their date, with the one kept. */
  flagged: { item: AgendaItem; kept?: AgendaItem | undefined }[];
  loaded: boolean;
}

/** The territory's sessions and appointments of a period, live from the local database. */
export function usePlanning(from: string, to: string): PlanningData {
  const { db } = useServices();
  const { territoryId } = useSession();
  const data = useLiveQuery(async () => {
    const [series, records, appointments] = await Promise.all([
      db.records('scheduleSeries').where('territoryId').equals(territoryId).toArray(),
      db.records('scheduledSession').where('territoryId').equals(territoryId).toArray(),
      db.records('appointment').where('territoryId').equals(territoryId).toArray(),
    ]);
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    const inRange = (a: Appointment) => !a.deleted && Date.parse(a.start) >= fromMs && Date.parse(a.start) < toMs;
    const flagged = appointments.filter((a) => !a.deleted && a.status === 'to_reschedule' && a.notice?.reason === 'double_booking');
    return { sessions: sessionsBetween(series, records, from, to), appointments: appointments.filter(inRange), flagged, all: appointments };
  }, [db, territoryId, from, to]);
  return useMemo(() => {
    if (!data) return { items: [], flagged: [], loaded: false };
    const items = agendaItems(data.sessions, data.appointments);
    const flagged = agendaItems([], data.flagged).map((item) => {
      const keptId = item.type === 'appointment' ? item.appointment.notice?.conflictWith : undefined;
      const kept = data.all.find((a) => a.id === keptId && !a.deleted);
      return { item, kept: kept ? appointmentItem(kept) : undefined };
    });
    return { items, flagged, loaded: true };
  }, [data]);
}
