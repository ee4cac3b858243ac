import { z } from 'zod';
import { email, requiredText, role, uuid } from '../common';

/** A member of staff as other devices see them; credentials never leave the server. */
export const staffUserFields = z.object({
  name: requiredText(120),
  email,
  role,
  territoryIds: z.array(uuid).min(1).max(50),
  active: z.boolean(),
});
