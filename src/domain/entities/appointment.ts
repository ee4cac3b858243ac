import { z } from 'zod';
import { isoInstant, text, timeZone, uuid } from '../common';
import { schedulingNotice } from '../scheduling/notice';

export const appointmentKinds = ['permanence', 'parent_employer', 'parenting_support', 'other'] as const;
export const appointmentStatuses = ['requested', 'proposed', 'confirmed', 'to_reschedule', 'cancelled', 'done'] as const;

/** A one-to-one meeting with a family; `start` and `end` are instants in the site's zone. */
export const appointmentFields = z.object({
  kind: z.enum(appointmentKinds),
  status: z.enum(appointmentStatuses),
  start: isoInstant,
  end: isoInstant,
  timeZone,
  siteId: uuid.optional(),
  staffId: uuid.optional(),
  familyId: uuid.optional(),
  intakeRequestId: uuid.optional(),
  notes: text(2000).optional(),
  /** Set by the server when this booking collided with another one made elsewhere. */
  notice: schedulingNotice.optional(),
});
