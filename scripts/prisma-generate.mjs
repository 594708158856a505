// `prisma generate` insists on locating a native schema engine it downloads from a host these
// machines cannot reach; generate never runs it, so any existing file satisfies the check.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
execFileSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env });
