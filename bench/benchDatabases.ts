import { Client } from 'pg';

/** Databases a benchmark creates on the PostgreSQL server at `adminUrl`, and drops when done. */
export async function benchDatabases(adminUrl: string): Promise<{ create(): Promise<string>; dropAll(): Promise<void> }> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const names: string[] = [];
  return {
    async create() {
      const name = `balie_bench_${process.pid}_${names.length}`;
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      names.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async dropAll() {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    },
  };
}
