import { describe, expect, it } from 'vitest';
import { buildRoadGraph, serializeGraph } from '../../src/domain/routing/road-graph';
import { TA, TB, harness } from './helpers';

function graphBytes(): Uint8Array<ArrayBuffer> {
  const { graph } = buildRoadGraph({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { highway: 'tertiary' }, geometry: { type: 'LineString', coordinates: [[4.42, 45.34], [4.45, 45.35], [4.5, 45.33]] } },
      { type: 'Feature', properties: { highway: 'residential', oneway: 'yes' }, geometry: { type: 'LineString', coordinates: [[4.5, 45.33], [4.52, 45.3]] } },
    ],
  });
  return new Uint8Array(serializeGraph(graph));
}

const binary = { 'content-type': 'application/octet-stream' };

describe('road network shared with the team', () => {
  it('a coordinator shares the graph; staff of the territory download it, with an ETag for "unchanged"', async () => {
    const h = await harness();
    const coord = await h.login('coord.a@example.fr');
    const anim = await h.login('anim.a@example.fr');
    const bytes = graphBytes();
    const put = await h.app.request(`/api/road-networks/${TA}`, { method: 'PUT', headers: { ...binary, authorization: `Bearer ${coord}` }, body: bytes });
    expect(put.status).toBe(200);
    const got = await h.request('GET', `/api/road-networks/${TA}`, anim);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
    const etag = got.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect((await h.request('GET', `/api/road-networks/${TA}`, anim, undefined, { 'if-none-match': etag })).status).toBe(304);
  });

  it('refuses a corrupt file (the shared one stays), other territories, animators publishing, and no token', async () => {
    const h = await harness();
    const coord = await h.login('coord.a@example.fr');
    const anim = await h.login('anim.a@example.fr');
    const animB = await h.login('anim.b@example.fr');
    const put = (token: string | undefined, territory: string, body: Uint8Array<ArrayBuffer>) =>
      h.app.request(`/api/road-networks/${territory}`, { method: 'PUT', headers: { ...binary, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
    const good = graphBytes();
    expect((await put(coord, TA, good)).status).toBe(200);
    const corrupt = good.slice();
    corrupt[0] = corrupt[0]! ^ 0xff;
    const refused = await put(coord, TA, corrupt);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/réseau|fichier|graphe/i);
    expect(new Uint8Array(await (await h.request('GET', `/api/road-networks/${TA}`, anim)).arrayBuffer())).toEqual(good);
    expect((await put(anim, TA, good)).status).toBe(403);
    expect((await put(coord, TB, good)).status).toBe(403);
    expect((await put(undefined, TA, good)).status).toBe(401);
    expect((await h.request('GET', `/api/road-networks/${TA}`, animB)).status).toBe(403);
    expect((await h.request('GET', `/api/road-networks/${TB}`, animB)).status).toBe(404);
    expect((await h.request('GET', '/api/road-networks/pas-un-id', anim)).status).toBe(400);
    const json = await h.app.request(`/api/road-networks/${TA}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${coord}` }, body: '{}' });
    expect(json.status).toBe(415);
  });
});
