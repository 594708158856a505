import type { Transaction } from '../../db/client.ts';
import { attachmentSummaries, recipientRows, updateRecipients } from '../../db/sql/recipients.ts';
import type { Message, MessageStatus } from '../../generated/prisma/client.ts';
import type { EventType } from '../event-types.ts';
import type { NewEvent } from '../events.ts';
import { messagePayload } from './messages.ts';

/** A recipient's status moves only forward (contract 5.3); REJECTED only from QUEUED. */
export const STATUS_RANK: Record<MessageStatus, number> = {
  QUEUED: 0,
  SENT: 1,
  DELIVERED: 2,
  BOUNCED: 3,
  COMPLAINED: 4,
  REJECTED: 1,
  RECEIVED: 0,
};

const EVENT_OF: Partial<Record<MessageStatus, EventType>> = {
  SENT: 'message.sent',
  DELIVERED: 'message.delivered',
  BOUNCED: 'message.bounced',
  COMPLAINED: 'message.complained',
  REJECTED: 'message.rejected',
};

export interface RecipientChange {
  recipientId: string;
  status: MessageStatus;
  smtpCode?: number | null;
  enhancedStatus?: string | null;
  diagnostic?: string | null;
  bounceType?: string | null;
}

/**
 * Moves recipients of one message forward and returns one event per new status, listing the
 * recipients it concerns, for the caller to record with its other events (recordEvents takes
 * every organization's lock at once, in order); a change that would not move a recipient forward
 * (a repeated or late report) changes nothing and yields nothing. A queued recipient reported
 * delivered, bounced or complained of was sent first: that `message.sent` comes before. The
 * message's status becomes the status set by its latest event.
 */
export async function applyRecipientChanges(
  tx: Transaction,
  message: Message,
  changes: RecipientChange[],
): Promise<NewEvent[]> {
  if (changes.length === 0) return [];
  const before = new Map((await recipientRows(tx, message.id)).map((r) => [r.id, r]));
  const implicitSends: RecipientChange[] = [];
  for (const change of changes) {
    const current = before.get(change.recipientId);
    if (current?.status === 'QUEUED' && STATUS_RANK[change.status] > STATUS_RANK.SENT) {
      implicitSends.push({ recipientId: change.recipientId, status: 'SENT' });
    }
  }
  const steps = [implicitSends, changes].filter((step) => step.length > 0);
  const events: NewEvent[] = [];
  let latest: MessageStatus | null = null;
  const attachments = await attachmentSummaries(tx, message.id);
  for (const step of steps) {
    const moved = await updateRecipients(tx, step);
    const byStatus = new Map<MessageStatus, typeof moved>();
    for (const row of moved) byStatus.set(row.status, [...(byStatus.get(row.status) ?? []), row]);
    // Rejections first: a message with some recipients sent and some refused ends `sent`.
    const ordered = [...byStatus.entries()].sort(([a], [b]) => (a === 'REJECTED' ? -1 : b === 'REJECTED' ? 1 : 0));
    for (const [status, rows] of ordered) {
      const type = EVENT_OF[status];
      if (!type) continue;
      latest = status;
      const updated = { ...message, status, updatedAt: new Date() };
      events.push({
        organizationId: message.organizationId,
        type,
        inboxId: message.inboxId,
        messageId: message.id,
        payload: {
          ...messagePayload(updated, attachments),
          recipients: rows.map((r) => ({
            address: r.address,
            status: r.status.toLowerCase(),
            smtpCode: r.smtp_code,
            enhancedStatus: r.enhanced_status,
            diagnostic: r.diagnostic,
            bounceType: r.bounce_type,
          })),
        },
      });
    }
  }
  if (latest) {
    await tx.message.update({ where: { id: message.id }, data: { status: latest, updatedAt: new Date() } });
  }
  return events;
}
