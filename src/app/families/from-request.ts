import { familyFromRequest } from '../../domain/families/from-request';
import type { RecordOf } from '../../domain/registry';
import type { TourneeDB } from '../db/database';
import { createRecord, updateRecord } from '../db/repository';

/**
 * The family file of a request, made from it when it has none ("Créer le dossier"), linked back
 * from the request in the same transaction: both are saved and queued, or neither.
 */
export async function ensureFamilyForRequest(db: TourneeDB, request: RecordOf<'intakeRequest'>): Promise<RecordOf<'family'>> {
  const families = db.records('family');
  return db.transaction('rw', families, db.records('intakeRequest'), db.outbox, async () => {
    const current = await db.records('intakeRequest').get(request.id);
    const linked = current?.familyId ? await families.get(current.familyId) : undefined;
    if (linked && !linked.deleted) return linked;
    const family = await createRecord(db, 'family', request.territoryId, familyFromRequest(current ?? request, () => crypto.randomUUID()));
    await updateRecord(db, 'intakeRequest', request.id, { familyId: family.id });
    return family;
  });
}
