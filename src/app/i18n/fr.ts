import { frParent } from './fr-parent';
import { frStaff } from './fr-staff';

/**
 * French messages: the reference catalogue, in two parts so that a parent's first screen does not
 * download the staff screens' words. Other parent languages must have the parent part's keys.
 * The app itself reads the parts through src/app/i18n/index.ts; this whole is for types, tests
 * and the server.
 */
export const fr = { ...frParent, ...frStaff } as const;

export type MessageKey = keyof typeof fr;
