/**
 * Dexie schema history. Never edit a published version: add a new one with an upgrade, and extend
 * tests/app/migration.test.ts so a database filled under the old version opens with nothing lost.
 * database.ts declares the latest version and those with an upgrade step only; the others stay
 * here as the record of what devices in the field may hold.
 */
export const schemaV1: Record<string, string> = {
  territories: 'id, updatedAt',
  communes: 'id, territoryId, code',
  sites: 'id, territoryId, communeCode',
  directoryEntries: 'id, territoryId, kind, communeCode, updatedAt',
  families: 'id, territoryId, updatedAt',
  intakeRequests: 'id, territoryId, status, updatedAt',
  appointments: 'id, territoryId, start, status',
  scheduledSessions: 'id, territoryId, siteId, start',
  sessionLogs: 'id, territoryId, sessionId',
  attendanceEvents: 'id, territoryId, sessionId',
  staffUsers: 'id, territoryId',
  conflictRecords: 'id, territoryId, recordId',
  outbox: '++seq, &mutationId, [entity+recordId]',
  meta: 'key',
};

/**
 * v2: outbox entries get a `state` (a mutation the server refused is kept, shown, and no longer
 * sent) and conflicts are indexed by status for the badge.
 */
export const schemaV2: Record<string, string> = {
  ...schemaV1,
  conflictRecords: 'id, territoryId, recordId, status',
  outbox: '++seq, &mutationId, [entity+recordId], state',
};

/**
 * v3: recurring schedules, Baby Bus enrolments and survey answers (synced), and the road graphs
 * a device built for offline routing (local only: large, rebuilt from a file).
 */
export const schemaV3: Record<string, string> = {
  ...schemaV2,
  scheduleSeries: 'id, territoryId, siteId',
  busEnrollments: 'id, territoryId, childId, siteId',
  surveyResponses: 'id, territoryId, sessionId, answeredAt',
  roadGraphs: 'territoryId',
};

/** v4: basemap packs (PMTiles files) imported on the device, one per territory (local only). */
export const schemaV4: Record<string, string> = {
  ...schemaV3,
  basemaps: 'territoryId',
};

/** v5: confidential parenting-support notes (synced; the server sends them to their readers only). */
export const schemaV5: Record<string, string> = {
  ...schemaV4,
  supportNotes: 'id, territoryId, familyId',
};
