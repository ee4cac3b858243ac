import { AppointmentCard } from './AppointmentCard';
import type { Names } from './ClashPanel';
import type { AgendaItem } from './planning-items';
import { SessionCard, type Editing } from './SessionCard';

/** A session or an appointment as a card of the day and week lists. */
export function ItemCard({ item, names, editing, setEditing, clashing }: { item: AgendaItem; names: Names; editing: Editing; setEditing: (e: Editing) => void; clashing: boolean }) {
  if (item.type === 'appointment') {
    return <AppointmentCard a={item.appointment} site={names.site(item.siteId)} staff={item.staffIds.map(names.staff).filter(Boolean).join(', ')} clashing={clashing} />;
  }
  return <SessionCard s={item.session} site={names.site(item.siteId)} staff={item.staffIds.map(names.staff).filter(Boolean)} editing={editing} setEditing={setEditing} clashing={clashing} />;
}
