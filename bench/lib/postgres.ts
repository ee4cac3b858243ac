/**
 * A throwaway database on the PostgreSQL server of DATABASE_URL: created empty for one run,
 * dropped after it. The database named in DATABASE_URL itself is never written to.
 */
import pg from 'pg';

export interface ThrowawayDatabase {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

export async function createThrowawayDatabase(baseUrl: string): Promise<ThrowawayDatabase> {
  const name = `tournee_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
