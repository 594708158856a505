import type { SqlExecutor } from '../../db/executor.ts';
import {
  attachmentSummariesOf,
  type RecipientRow,
  recipientRowsOf,
  setMessageStatuses,
  updateRecipients,
} from '../../db/sql/recipients.ts';
import type { Attachment, Message, MessageStatus } from '../../generated/prisma/client.ts';
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
  tx: SqlExecutor,
  message: Message,
  changes: RecipientChange[],
): Promise<NewEvent[]> {
  return applyRecipientChangesMany(tx, [{ message, changes }]);
}

type AttachmentSummary = Pick<Attachment, 'id' | 'filename' | 'contentType' | 'size'>;

/**
 * applyRecipientChanges for several messages, in a fixed number of round trips however many
 * (attachment summaries are read unless every message comes with them).
 */
export async function applyRecipientChangesMany(
  tx: SqlExecutor,
  items: Array<{ message: Message; changes: RecipientChange[]; attachments?: AttachmentSummary[] }>,
): Promise<NewEvent[]> {
  const active = items.filter((item) => item.changes.length > 0);
  if (active.length === 0) return [];
  const messageOf = new Map<string, string>();
  for (const { message, changes } of active) for (const c of changes) messageOf.set(c.recipientId, message.id);

  // Only a move past SENT can need an implicit `message.sent`, and only then is the current state read.
  const implicitSends: RecipientChange[] = [];
  const beyondSent = active.filter(({ changes }) => changes.some((c) => STATUS_RANK[c.status] > STATUS_RANK.SENT));
  if (beyondSent.length > 0) {
    const before = new Map(
      (
        await recipientRowsOf(
          tx,
          beyondSent.map(({ message }) => message.id),
        )
      ).map((r) => [r.id, r]),
    );
    for (const { changes } of beyondSent) {
      for (const change of changes) {
        if (before.get(change.recipientId)?.status === 'QUEUED' && STATUS_RANK[change.status] > STATUS_RANK.SENT) {
          implicitSends.push({ recipientId: change.recipientId, status: 'SENT' });
        }
      }
    }
  }
  const steps: RecipientRow[][] = [];
  for (const step of [implicitSends, active.flatMap(({ changes }) => changes)]) {
    if (step.length > 0) steps.push(await updateRecipients(tx, step));
  }
  const movedMessages = [...new Set(steps.flat().map((row) => messageOf.get(row.id) as string))];
  if (movedMessages.length === 0) return [];
  const unread = active
    .filter((item) => !item.attachments && movedMessages.includes(item.message.id))
    .map(({ message }) => message.id);
  const read = unread.length > 0 ? await attachmentSummariesOf(tx, unread) : [];

  const events: NewEvent[] = [];
  const statuses: Array<{ id: string; status: MessageStatus }> = [];
  for (const { message, attachments } of active) {
    let latest: MessageStatus | null = null;
    const own = attachments ?? read.filter((a) => a.messageId === message.id);
    for (const moved of steps) {
      const byStatus = new Map<MessageStatus, RecipientRow[]>();
      for (const row of moved) {
        if (messageOf.get(row.id) !== message.id) continue;
        byStatus.set(row.status, [...(byStatus.get(row.status) ?? []), row]);
      }
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
            ...messagePayload(updated, own),
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
    if (latest) statuses.push({ id: message.id, status: latest });
  }
  await setMessageStatuses(tx, statuses);
  return events;
}
