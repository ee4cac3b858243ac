import { describe, expect, it } from 'vitest';
import { error, harness, mutation, newEntry } from './helpers';

describe('text with a NUL character', () => {
  it('is refused with a 400 and a French message on every backend, and nothing changes', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const before = await h.dump();
    const res = await h.push(token, 'device-aaaa', [mutation({ changes: newEntry({ name: 'Relais\u0000du Pilat' }) })]);
    expect(res.status).toBe(400);
    expect(error(res.body).message).toMatch(/caractère nul/);
    expect(await h.dump()).toBe(before);
  });
});

describe('text that only looks dangerous', () => {
  it('the six characters \\u0000 typed in a note are stored as typed', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const res = await h.push(token, 'device-aaaa', [mutation({ changes: newEntry({ notes: 'code \\u0000 vu sur un formulaire' }) })]);
    expect(res.status).toBe(200);
  });

  it('a "__proto__" field in a change is refused as unknown, not silently dropped', async () => {
    const h = await harness();
    const token = await h.login('anim.a@example.fr');
    const before = await h.dump();
    const body = `{"clientId":"device-aaaa","mutations":[${JSON.stringify(mutation({ changes: newEntry() })).replace('"changes":{', '"changes":{"__proto__":{"x":1},')}]}`;
    const res = await h.app.request('/api/sync/push', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(await h.dump()).toBe(before);
  });
});
