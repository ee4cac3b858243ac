/**
 * Builds the road graph of an imported file in a module worker (graph-worker.ts) and hands back
 * its binary form, ready to be stored; the page stays responsive and shows the progress.
 */
import { RoadGraphError, type RoadGraphStats } from '../../domain/routing/road-graph';
import type { GraphWorkerMessage, GraphWorkerRequest } from './graph-worker';

export interface BuiltGraph {
  /** serializeGraph's output: store it as is, read it back with deserializeGraph. */
  buffer: ArrayBuffer;
  stats: RoadGraphStats;
}

/**
 * Builds the graph of `file` (the GeoJSON from `osmium export`) in a worker, which also reads it:
 * the main thread never holds the file's bytes. Rejects with a RoadGraphError whose French
 * message can be shown as is; aborting stops the worker.
 */
export function buildGraphInWorker(
  file: Blob,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<BuiltGraph> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  const worker = new Worker(new URL('./graph-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<BuiltGraph>((resolve, reject) => {
    const finish = (outcome: () => void) => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => finish(() => reject(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<GraphWorkerMessage>) => {
      const m = event.data;
      if (m.type === 'progress') onProgress?.(m.done, m.total);
      else if (m.type === 'done') finish(() => resolve({ buffer: m.buffer, stats: m.stats }));
      else finish(() => reject(new RoadGraphError(m.message)));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish(() => reject(new RoadGraphError('Le calcul du réseau routier a échoué sur cet appareil.')));
    };
    worker.onmessageerror = () => finish(() => reject(new RoadGraphError('Le réseau routier calculé est illisible.')));
    const request: GraphWorkerRequest = { type: 'build', geojson: file };
    worker.postMessage(request);
  });
}
