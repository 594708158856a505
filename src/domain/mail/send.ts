import type { Database } from '../../db/client.ts';
import { recordTemporaryFailures } from '../../db/sql/recipients.ts';
import { recordEvents } from '../events.ts';
import type { DeliveryQueue, MailQueue, MailTransport, SendOutcome } from '../ports.ts';
import { applyRecipientChanges, type RecipientChange } from './recipients.ts';
import { bounceAddress } from './verp.ts';

export interface SendDeps {
  db: Database;
  queue: DeliveryQueue;
  mailQueue: MailQueue;
  transport: MailTransport;
  verpSecret: string;
  bounceDomain: string;
  /** Seconds before each retry after a temporary failure; then the recipient is rejected. */
  retryScheduleSeconds: readonly number[];
}

const LOCAL_RELAY_HINT =
  " (no SMTP_RELAY_URL is set, so only the service's own inboxes can be reached: set SMTP_RELAY_URL to send to other domains)";

/**
 * One pass over an outbound message's recipients that are queued and due: suppressed addresses
 * are rejected without any I/O, the others get one SMTP transaction each (their own bounce address
 * as envelope sender). Outcomes, events and the next pass are recorded in one transaction; a crash
 * before it commits means the pass runs again (at-least-once toward the relay), and recipients
 * already moved on are never moved, or announced, twice.
 */
export async function sendQueuedRecipients(deps: SendDeps, messageId: string, round: number): Promise<void> {
  const message = await deps.db.message.findUnique({ where: { id: messageId } });
  if (message?.direction !== 'OUTBOUND') return;
  const now = new Date();
  const due = await deps.db.messageRecipient.findMany({
    where: { messageId, status: 'QUEUED', OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
    orderBy: { id: 'asc' },
  });
  if (due.length === 0) return;
  const suppressed = new Map(
    (
      await deps.db.suppression.findMany({
        where: { organizationId: message.organizationId, address: { in: due.map((r) => r.address) } },
      })
    ).map((s) => [s.address, s]),
  );
  const source = await deps.db.messageSource.findUnique({ where: { messageId } });
  if (!source) return;
  const raw = Buffer.from(source.raw);

  const outcomes = await Promise.all(
    due.map(async (recipient): Promise<[typeof recipient, SendOutcome]> => {
      const entry = suppressed.get(recipient.address);
      if (entry) {
        return [
          recipient,
          {
            kind: 'rejected',
            smtpCode: null,
            enhancedStatus: null,
            diagnostic: `The address is on the organization's suppression list (${entry.reason}); deleteSuppression takes it off.`,
          },
        ];
      }
      const envelope = {
        from: bounceAddress(deps.verpSecret, recipient.id, deps.bounceDomain),
        to: recipient.address,
        envelopeId: recipient.id,
      };
      return [recipient, await deps.transport.send(envelope, raw)];
    }),
  );

  const changes: RecipientChange[] = [];
  const temporary: Parameters<typeof recordTemporaryFailures>[1] = [];
  let providerMessageId: string | null = null;
  let rfcMessageId: string | null = null;
  for (const [recipient, outcome] of outcomes) {
    if (outcome.kind === 'accepted') {
      providerMessageId ??= outcome.providerMessageId;
      rfcMessageId ??= outcome.rfcMessageId ?? null;
      changes.push({ recipientId: recipient.id, status: 'SENT', smtpCode: 250, diagnostic: outcome.response });
      continue;
    }
    const hint = deps.transport.name === 'local' && outcome.smtpCode === 550 ? LOCAL_RELAY_HINT : '';
    const attempts = recipient.attempts + 1;
    if (outcome.kind === 'temporary' && attempts <= deps.retryScheduleSeconds.length) {
      temporary.push({
        recipientId: recipient.id,
        smtpCode: outcome.smtpCode,
        diagnostic: outcome.diagnostic,
        nextAttemptAt: new Date(Date.now() + deps.retryScheduleSeconds[attempts - 1] * 1000),
      });
      continue;
    }
    changes.push({
      recipientId: recipient.id,
      status: 'REJECTED',
      smtpCode: outcome.smtpCode,
      enhancedStatus: outcome.enhancedStatus,
      diagnostic:
        outcome.kind === 'temporary'
          ? `Gave up after ${attempts} attempts; the last said: ${outcome.diagnostic}`
          : `${outcome.diagnostic}${hint}`,
    });
  }

  await deps.db.$transaction(async (tx) => {
    // The first accepted copy's provider id, and for SES its Message-ID, which SES puts in place of
    // ours (G7) so that replies thread; set together, once, whichever pass commits first.
    const renamed = providerMessageId
      ? await tx.$queryRaw<{ rfc_message_id: string | null }[]>`
          UPDATE messages
          SET rfc_message_id = CASE WHEN provider_message_id IS NULL AND ${rfcMessageId}::text IS NOT NULL
                                    THEN ${rfcMessageId}::text ELSE rfc_message_id END,
              provider_message_id = COALESCE(provider_message_id, ${providerMessageId})
          WHERE id = ${messageId}
          RETURNING rfc_message_id`
      : [];
    await recordTemporaryFailures(tx, temporary);
    const current = renamed[0] ? { ...message, rfcMessageId: renamed[0].rfc_message_id } : message;
    const events = await applyRecipientChanges(tx, current, changes);
    await recordEvents(tx, deps.queue, events);
    if (temporary.length > 0) {
      const next = new Date(Math.min(...temporary.map((t) => t.nextAttemptAt.getTime())));
      await deps.mailQueue.enqueue(tx, [{ messageId, round: round + 1, startAfter: next }]);
    }
  });
}
