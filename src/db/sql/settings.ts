import type { SqlExecutor } from '../executor.ts';

/** A service-wide value, created once by whichever process asks first (all agree on it). */
export async function settingOrCreate(db: SqlExecutor, key: string, create: () => string): Promise<string> {
  await db.$executeRaw`INSERT INTO settings (key, value) VALUES (${key}, ${create()}) ON CONFLICT (key) DO NOTHING`;
  const [row] = await db.$queryRaw<{ value: string }[]>`SELECT value FROM settings WHERE key = ${key}`;
  return row.value;
}
