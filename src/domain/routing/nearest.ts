/**
 * Snapping a stop to the road network: the graph node nearest to a lon/lat. A uniform grid over a
 * local equirectangular projection (metres), built once per graph; a query scans rings of cells
 * outwards until no unvisited cell can hold a closer node. Over a département the projection is
 * off by well under 1 %, so the node found is the nearest one or within centimetres of it.
 */
import { bboxOf, haversineMetres, METRES_PER_DEGREE } from './geo';
import type { RoadGraph } from './road-graph';

export interface SnappedNode {
  node: number;
  /** Great-circle distance from the point to the node: the caller decides what is too far. */
  distanceMetres: number;
}

export interface NodeIndex {
  /** Nearest node to the point, or null when the graph has no node or the point is not a number. */
  nearest(lon: number, lat: number): SnappedNode | null;
}

/** Builds the grid index of the graph's nodes (one pass, two typed arrays). */
export function buildNodeIndex(graph: Pick<RoadGraph, 'nodeCount' | 'lon' | 'lat'>): NodeIndex {
  const { nodeCount: n, lon, lat } = graph;
  const box = bboxOf(lon, lat);
  if (!box) return { nearest: () => null };
  const kx = METRES_PER_DEGREE * Math.cos((((box.minLat + box.maxLat) / 2) * Math.PI) / 180);
  const ky = METRES_PER_DEGREE;
  const width = (box.maxLon - box.minLon) * kx;
  const height = (box.maxLat - box.minLat) * ky;
  // About one node per cell on average; villages make some cells dense, fields leave many empty.
  const cell = Math.max(1, Math.sqrt((width * height) / n), Math.max(width, height) / 4096);
  const cols = Math.floor(width / cell) + 1;
  const rows = Math.floor(height / cell) + 1;
  const px = (x: number) => (x - box.minLon) * kx;
  const py = (y: number) => (y - box.minLat) * ky;

  const cellOf = new Int32Array(n);
  const start = new Int32Array(cols * rows + 1);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(py(lat[i]!) / cell) * cols + Math.floor(px(lon[i]!) / cell);
    cellOf[i] = c;
    start[c + 1]!++;
  }
  for (let c = 0; c < cols * rows; c++) start[c + 1]! += start[c]!;
  const cursor = start.slice(0, cols * rows);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[cursor[cellOf[i]!]!++] = i;

  function nearest(qlon: number, qlat: number): SnappedNode | null {
    if (!Number.isFinite(qlon) || !Number.isFinite(qlat)) return null;
    const qx = px(qlon);
    const qy = py(qlat);
    const cx = Math.floor(qx / cell);
    const cy = Math.floor(qy / cell);
    let best = -1;
    let bestD2 = Infinity;
    const scan = (x: number, y: number) => {
      if (x < 0 || y < 0 || x >= cols || y >= rows) return;
      const c = y * cols + x;
      for (let k = start[c]!; k < start[c + 1]!; k++) {
        const i = members[k]!;
        const dx = px(lon[i]!) - qx;
        const dy = py(lat[i]!) - qy;
        const d2 = dx * dx + dy * dy;
        if (d2 < bestD2) {
          bestD2 = d2;
          best = i;
        }
      }
    };
    // A point outside the grid starts at the first ring that reaches it.
    const first = Math.max(0, -cx, cx - cols + 1, -cy, cy - rows + 1);
    const last = Math.max(cx, cols - 1 - cx, cy, rows - 1 - cy);
    for (let r = first; r <= last; r++) {
      if (r === 0) scan(cx, cy);
      for (let x = cx - r; r > 0 && x <= cx + r; x++) {
        scan(x, cy - r);
        scan(x, cy + r);
      }
      for (let y = cy - r + 1; r > 0 && y <= cy + r - 1; y++) {
        scan(cx - r, y);
        scan(cx + r, y);
      }
      // Every cell beyond ring r is at least r cells from the point's own cell.
      if (best >= 0 && bestD2 <= (r * cell) ** 2) break;
    }
    return best < 0 ? null : { node: best, distanceMetres: haversineMetres(qlon, qlat, lon[best]!, lat[best]!) };
  }

  return { nearest };
}
