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
