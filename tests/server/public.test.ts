import { describe, expect, it } from 'vitest';
import { publicSnapshotSchema, publicTerritoriesSchema } from '../../src/domain/public/snapshot';
import { ENTRY_B, TA, TB, harness, mutation, newEntry } from './helpers';

describe('public directory (no account)', () => {
  it('lists the territories served, with no sign-in', async () => {
    const h = await harness();
    const res = await h.request('GET', '/api/public/territories');
    expect(res.status).toBe(200);
    const body = publicTerritoriesSchema.parse(await res.json());
    expect(body.territories.map((t) => t.id).sort()).toEqual([TA, TB].sort());
  });

  it('gives one territory its directory without staff notes, and only that territory', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const kept = mutation({ changes: newEntry({ name: 'Crèche des Hirondelles', kind: 'eaje', notes: 'code du portail 1234' }) });
    const gone = mutation({ changes: newEntry({ name: 'Ancienne halte' }) });
    expect((await h.push(token, 'device-a1', [kept, gone])).status).toBe(200);
    const erase = mutation({ recordId: gone.recordId, baseVersion: 1, changes: { deleted: true } });
    expect((await h.push(token, 'device-a1', [erase])).status).toBe(200);

    const res = await h.request('GET', `/api/public/territories/${TA}`);
    expect(res.status).toBe(200);
    const raw = await res.text();
    expect(raw).not.toContain('code du portail');
    const snap = publicSnapshotSchema.parse(JSON.parse(raw));
    expect(snap.territory.id).toBe(TA);
    expect(snap.directoryEntries.map((e) => e.name)).toEqual(['Crèche des Hirondelles']);
    expect(snap.directoryEntries[0]).not.toHaveProperty('notes');
    expect(snap.directoryEntries.some((e) => e.id === ENTRY_B)).toBe(false);
  });

  it('answers 400 for a malformed id and 404 for an unknown territory', async () => {
    const h = await harness();
    const before = await h.dump();
    expect((await h.request('GET', '/api/public/territories/1%27%20OR%201=1')).status).toBe(400);
    const unknown = await h.request('GET', '/api/public/territories/9d2b6c1e-0f3a-4b5c-8d9e-0a1b2c3d4e5f');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe('Territoire inconnu.');
    expect(await h.dump()).toBe(before);
  });
});
