/**
 * Module worker that turns an `osmium export` GeoJSON file into the binary road graph, off the
 * main thread: a département is tens of megabytes of JSON and seconds of work. Every outcome is a
 * message (progress, done with the buffer transferred, or a French error), never an exception.
 */
import { buildRoadGraph, RoadGraphError, serializeGraph, type RoadGraphStats } from '../../domain/routing/road-graph';

export interface GraphWorkerRequest {
  type: 'build';
  /**
   * The file itself (a Blob is passed as a handle and read here, off the main thread), its
   * text, or its bytes (UTF-8, transferred to avoid a copy).
   */
  geojson: Blob | string | ArrayBuffer;
}

export type GraphWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; buffer: ArrayBuffer; stats: RoadGraphStats }
  | { type: 'error'; message: string };

type Post = (message: GraphWorkerMessage, transfer: Transferable[]) => void;

async function readText(geojson: GraphWorkerRequest['geojson']): Promise<string> {
  if (typeof geojson === 'string') return geojson;
  return geojson instanceof ArrayBuffer ? new TextDecoder().decode(geojson) : geojson.text();
}

/** Reads, parses, builds and serializes; reports through `post`. */
export async function handleGraphRequest(request: GraphWorkerRequest, post: Post): Promise<void> {
  let text: string;
  try {
    text = await readText(request.geojson);
  } catch {
    post({ type: 'error', message: "Le fichier n'a pas pu être lu : choisissez-le à nouveau." }, []);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    post({ type: 'error', message: "Le fichier n'est pas un GeoJSON lisible : son contenu n'est pas du JSON valide." }, []);
    return;
  }
  try {
    const { graph, stats } = buildRoadGraph(parsed, (done, total) => post({ type: 'progress', done, total }, []));
    const buffer = serializeGraph(graph);
    post({ type: 'done', buffer, stats }, [buffer]);
  } catch (error) {
    const message =
      error instanceof RoadGraphError
        ? error.message
        : `Le réseau routier n'a pas pu être construit : ${error instanceof Error ? error.message : String(error)}`;
    post({ type: 'error', message }, []);
  }
}

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<GraphWorkerRequest>) => void): void;
  postMessage(message: GraphWorkerMessage, transfer: Transferable[]): void;
}

// Wired only inside a worker, so that the handler can also be imported and tested elsewhere.
if ('WorkerGlobalScope' in globalThis) {
  const scope = globalThis as unknown as WorkerScope;
  scope.addEventListener('message', (event) => void handleGraphRequest(event.data, (m, t) => scope.postMessage(m, t)));
}
