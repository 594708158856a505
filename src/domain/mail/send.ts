import type pg from 'pg';
import type { Database } from '../../db/client.ts';
import { pgExecutor, type SqlExecutor, withPgTransaction } from '../../db/executor.ts';
import { type DueRecipient, loadSendPassesUnscoped, type SendPassRow } from '../../db/sql/outbound.ts';
import { recordTemporaryFailures } from '../../db/sql/recipients.ts';
import type { Message } from '../../generated/prisma/client.ts';
import { recordEvents } from '../events.ts';
import type { DeliveryQueue, MailJob, MailQueue, MailTransport, SendOutcome } from '../ports.ts';
import { applyRecipientChangesMany, type RecipientChange } from './recipients.ts';
import { bounceAddress } from './verp.ts';

export interface SendDeps {
  db: Database;
  /** Pipelined pg connections for loading and recording passes (db/executor.ts). */
  pool: pg.Pool;
  queue: DeliveryQueue;
  mailQueue: MailQueue;
  transport: MailTransport;
  verpSecret: string;
  bounceDomain: string;
  /** Seconds before each retry after a temporary failure; then the recipient is rejected. */
  retryScheduleSeconds: readonly number[];
}

/** One pass over a message's due recipients; `round` numbers its passes. */
export interface SendPass {
  messageId: string;
  round: number;
}

const LOCAL_RELAY_HINT =
  " (no SMTP_RELAY_URL is set, so only the service's own inboxes can be reached: set SMTP_RELAY_URL to send to other domains)";

/** What one pass found out, ready to be recorded. */
export interface PassResult {
  message: Message;
  round: number;
  attachments: SendPassRow['attachments'];
  changes: RecipientChange[];
  temporary: Parameters<typeof recordTemporaryFailures>[1];
  providerMessageId: string | null;
  rfcMessageId: string | null;
}

/** Records finished passes; the mail worker shares one among its batches (see startMailWorker). */
export type RecordPass = (result: PassResult) => Promise<void>;

/**
 * Passes over outbound messages' recipients that are queued and due: suppressed addresses are
 * rejected without any I/O, the others get one SMTP transaction each (their own bounce address as
 * envelope sender). A batch of passes is loaded at once; each pass's outcomes, events and next pass
 * are recorded as soon as its own sends end (`record` lets passes that end together share a
 * transaction). A crash before that commits means the pass runs again (at-least-once toward the
 * relay), and recipients already moved on are never moved, or announced, twice. Returns, for each
 * pass, the error it failed with (undefined: done).
 */
export async function sendQueuedRecipients(
  deps: SendDeps,
  passes: SendPass[],
  record: RecordPass = (result) => recordPasses(deps, [result]),
): Promise<unknown[]> {
  // A message queued twice in one batch (a re-run beside its next round) is passed over once.
  const rounds = new Map<string, number>();
  for (const { messageId, round } of passes) rounds.set(messageId, Math.max(round, rounds.get(messageId) ?? 0));
  const ids = [...rounds.keys()];
  const [messages, loaded] = await Promise.all([
    deps.db.message.findMany({ where: { id: { in: ids }, direction: 'OUTBOUND' } }),
    loadSendPassesUnscoped(pgExecutor(deps.pool), ids, new Date()),
  ]);
  const rows = new Map(loaded.map((row) => [row.message_id, row]));
  const failed = new Map<string, unknown>();
  await Promise.all(
    messages.map(async (message) => {
      const row = rows.get(message.id);
      if (!row?.raw || row.due.length === 0) return;
      const round = rounds.get(message.id) as number;
      try {
        await record(
          await sendPass(deps, { message, round, attachments: row.attachments }, row.due, Buffer.from(row.raw)),
        );
      } catch (error) {
        failed.set(message.id, error);
      }
    }),
  );
  return passes.map((pass) => failed.get(pass.messageId));
}

async function sendPass(
  deps: SendDeps,
  pass: Pick<PassResult, 'message' | 'round' | 'attachments'>,
  due: DueRecipient[],
  raw: Buffer,
): Promise<PassResult> {
  const outcomes = await Promise.all(
    due.map(async (recipient): Promise<[DueRecipient, SendOutcome]> => {
      if (recipient.suppressed) {
        return [
          recipient,
          {
            kind: 'rejected',
            smtpCode: null,
            enhancedStatus: null,
            diagnostic: `The address is on the organization's suppression list (${recipient.suppressed}); deleteSuppression takes it off.`,
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

  const result: PassResult = {
    ...pass,
    changes: [],
    temporary: [],
    providerMessageId: null,
    rfcMessageId: null,
  };
  for (const [recipient, outcome] of outcomes) {
    if (outcome.kind === 'accepted') {
      result.providerMessageId ??= outcome.providerMessageId;
      result.rfcMessageId ??= outcome.rfcMessageId ?? null;
      result.changes.push({ recipientId: recipient.id, status: 'SENT', smtpCode: 250, diagnostic: outcome.response });
      continue;
    }
    const hint = deps.transport.name === 'local' && outcome.smtpCode === 550 ? LOCAL_RELAY_HINT : '';
    const attempts = recipient.attempts + 1;
    if (outcome.kind === 'temporary' && attempts <= deps.retryScheduleSeconds.length) {
      result.temporary.push({
        recipientId: recipient.id,
        smtpCode: outcome.smtpCode,
        diagnostic: outcome.diagnostic,
        nextAttemptAt: new Date(Date.now() + deps.retryScheduleSeconds[attempts - 1] * 1000),
      });
      continue;
    }
    result.changes.push({
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
  return result;
}

/** Records passes' outcomes, events and next passes in one transaction. */
export async function recordPasses(deps: SendDeps, results: PassResult[]): Promise<void> {
  if (results.length === 0) return;
  await withPgTransaction(deps.pool, async (tx) => {
    const renamed = await setProviderIds(tx, results);
    await recordTemporaryFailures(
      tx,
      results.flatMap((r) => r.temporary),
    );
    const events = await applyRecipientChangesMany(
      tx,
      results.map((r) => ({
        message: renamed.has(r.message.id)
          ? { ...r.message, rfcMessageId: renamed.get(r.message.id) ?? null }
          : r.message,
        changes: r.changes,
        attachments: r.attachments,
      })),
    );
    await recordEvents(tx, deps.queue, events);
    const next: MailJob[] = results
      .filter((r) => r.temporary.length > 0)
      .map((r) => ({
        messageId: r.message.id,
        round: r.round + 1,
        startAfter: new Date(Math.min(...r.temporary.map((t) => t.nextAttemptAt.getTime()))),
      }));
    await deps.mailQueue.enqueue(tx, next);
  });
}

/**
 * The first accepted copy's provider id, and for SES its Message-ID, which SES puts in place of
 * ours (G7) so that replies thread; set together, once, whichever pass commits first. Returns the
 * Message-ID each updated message now has.
 */
async function setProviderIds(tx: SqlExecutor, results: PassResult[]): Promise<Map<string, string | null>> {
  const accepted = results.filter((r) => r.providerMessageId);
  if (accepted.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: string; rfc_message_id: string | null }[]>`
    UPDATE messages m
    SET rfc_message_id = CASE WHEN m.provider_message_id IS NULL AND u.rfc IS NOT NULL
                              THEN u.rfc ELSE m.rfc_message_id END,
        provider_message_id = COALESCE(m.provider_message_id, u.provider)
    FROM unnest(${accepted.map((r) => r.message.id)}::text[], ${accepted.map((r) => r.rfcMessageId)}::text[],
      ${accepted.map((r) => r.providerMessageId)}::text[]) AS u(id, rfc, provider)
    WHERE m.id = u.id
    RETURNING m.id, m.rfc_message_id`;
  return new Map(rows.map((row) => [row.id, row.rfc_message_id]));
}
