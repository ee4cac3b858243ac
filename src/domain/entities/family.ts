import { z } from 'zod';
import { email, inseeCode, isoDate, isoInstant, phone, requiredText, text, uuid } from '../common';

export const needKinds = ['childcare', 'parenting_support', 'paperwork', 'reading_language', 'other'] as const;
export const needKind = z.enum(needKinds);

export const guardianSchema = z.object({
  id: uuid,
  firstName: text(80).optional(),
  lastName: text(80).optional(),
  phone: phone.optional(),
  email: email.optional(),
  relation: z.enum(['mother', 'father', 'guardian', 'other']).optional(),
  languages: z.array(z.string().min(2).max(12)).max(10).optional(),
});

/** A child is known by a birth date, or by an expected date before birth. */
export const childSchema = z
  .object({
    id: uuid,
    firstName: text(80).optional(),
    birthDate: isoDate.optional(),
    expectedDate: isoDate.optional(),
  })
  .refine((c) => c.birthDate !== undefined || c.expectedDate !== undefined, {
    message: 'date de naissance ou date prévue requise',
  });

export const consentSchema = z.object({
  /** Version of the consent text the person agreed to, so the wording can be shown later. */
  textVersion: z.string().min(1).max(32),
  givenAt: isoInstant,
});

/** A childcare place proposed to the family, found by matching their need to the directory. */
export const childcareProposalSchema = z.object({
  id: uuid,
  directoryEntryId: uuid,
  /** The provider's name when proposed, so the file reads well even if the entry goes. */
  entryName: text(160),
  startDate: isoDate,
  proposedAt: isoInstant,
  proposedBy: uuid,
  status: z.enum(['proposed', 'accepted', 'declined']),
  note: text(500).optional(),
});
export type ChildcareProposal = z.infer<typeof childcareProposalSchema>;

/** One paper of the family's documents checklist (CAF certificate, payslip…) and whether it came in. */
export const familyDocumentSchema = z.object({
  id: uuid,
  label: requiredText(120),
  status: z.enum(['missing', 'received']),
  receivedAt: isoDate.optional(),
  note: text(300).optional(),
});
export type FamilyDocument = z.infer<typeof familyDocumentSchema>;

/** A family file: the guardians, the children and what they need. */
export const familyFields = z.object({
  guardians: z.array(guardianSchema).max(10),
  children: z.array(childSchema).max(20),
  communeCode: inseeCode.optional(),
  needs: z.array(needKind).max(needKinds.length),
  referentId: uuid.optional(),
  consent: consentSchema.optional(),
  notes: text(10000).optional(),
  childcareProposals: z.array(childcareProposalSchema).max(100).optional(),
  /** Papers asked of the family and whether they came in (docs/rgpd.md: only what is needed). */
  documents: z.array(familyDocumentSchema).max(50).optional(),
  /** Set on the tombstone of a file merged into another: links to it resolve to that file. */
  mergedInto: uuid.optional(),
  /** Set on the tombstone of a file erased at the family's request or by the retention purge. */
  erasedAt: isoInstant.optional(),
});
