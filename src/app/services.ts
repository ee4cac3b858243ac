import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LocalSession } from './auth/session';
import type { TourneeDB } from './db/database';
import type { ApiOptions } from './sync/api';
import type { SyncClient } from './sync/sync-client';

/** What screens need: the local databases, the API and the sync client. */
export interface Services {
  db: TourneeDB;
  /** What a parent keeps without an account (a territory's public directory), apart from staff data. */
  publicDb: TourneeDB;
  api: ApiOptions;
  sync: SyncClient;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('ServicesContext missing');
  return s;
}

/** The signed-in person and the territory new records are filed under. */
export interface SessionInfo {
  session: LocalSession;
  territoryId: string;
}

export const SessionContext = createContext<SessionInfo | null>(null);

export function useSession(): SessionInfo {
  const s = useContext(SessionContext);
  if (!s) throw new Error('SessionContext missing');
  return s;
}
