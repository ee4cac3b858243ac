import type { ChildcareProposal } from '../../domain/entities/family';
import { familyFromRequest } from '../../domain/families/from-request';
import type { RecordOf } from '../../domain/registry';
import type { TourneeDB } from '../db/database';
import { createRecord, updateRecord } from '../db/repository';

type Request = RecordOf<'intakeRequest'>;
type Entry = RecordOf<'directoryEntry'>;

/**
 * Records a childcare proposal in the family file of a request. A request without a file gets
 * one made from what the parent gave (phone, child's date, commune, needs, consent), linked to
 * the request in the same transaction: either both are saved and queued, or neither.
 */
export async function proposeChildcare(db: TourneeDB, request: Request, entry: Entry, startDate: string, staffId: string): Promise<RecordOf<'family'>> {
  const families = db.records('family');
  return db.transaction('rw', families, db.records('intakeRequest'), db.outbox, async () => {
    const proposal: ChildcareProposal = {
      id: crypto.randomUUID(),
      directoryEntryId: entry.id,
      entryName: entry.name,
      startDate,
      proposedAt: new Date().toISOString(),
      proposedBy: staffId,
      status: 'proposed',
    };
    const existing = request.familyId ? await families.get(request.familyId) : undefined;
    if (existing && !existing.deleted) {
      return updateRecord(db, 'family', existing.id, { childcareProposals: [...(existing.childcareProposals ?? []), proposal] });
    }
    const family = await createRecord(db, 'family', request.territoryId, { ...familyFromRequest(request, () => crypto.randomUUID()), childcareProposals: [proposal] });
    await updateRecord(db, 'intakeRequest', request.id, { familyId: family.id });
    return family;
  });
}
