import type { Database } from '../../db/client.ts';
import { DomainError } from '../../errors.ts';
import { normalizeAddress } from './inbound.ts';

export async function deleteSuppression(db: Database, organizationId: string, email: string) {
  const address = normalizeAddress(email);
  const existing = await db.suppression.findUnique({ where: { organizationId_address: { organizationId, address } } });
  if (!existing) throw new DomainError('NOT_FOUND', `"${email}" is not on this organization's suppression list.`);
  await db.suppression.delete({ where: { organizationId_address: { organizationId, address } } });
  return existing;
}
