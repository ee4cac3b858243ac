import { z } from 'zod';
import { inseeCode, isoDate, phone, text, uuid } from '../common';
import { consentSchema, needKind } from './family';

export const intakeStatuses = ['received', 'in_progress', 'appointment_proposed', 'done'] as const;

/** What a parent sends in one minute: a phone number and a child's date are enough to start. */
export const intakeRequestFields = z
  .object({
    phone,
    childBirthDate: isoDate.optional(),
    childExpectedDate: isoDate.optional(),
    name: text(120).optional(),
    communeCode: inseeCode.optional(),
    needs: z.array(needKind).max(5),
    message: text(2000).optional(),
    status: z.enum(intakeStatuses),
    /** Short code printed on the receipt, so a parent can quote it on the phone. */
    receiptCode: z.string().regex(/^[A-Z0-9]{6,10}$/),
    consent: consentSchema,
    familyId: uuid.optional(),
    assignedTo: uuid.optional(),
    /**
     * Set by the server for a request a parent sent from their phone: SHA-256 (hex) of the
     * secret in their private link. The secret itself stays on the phone.
     */
    accessHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  });
