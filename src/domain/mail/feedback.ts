import { createHash } from 'node:crypto';
import type { Transaction } from '../../db/client.ts';
import { recordFeedbackOnce, suppress } from '../../db/sql/recipients.ts';
import type { MessageRecipient, MessageStatus } from '../../generated/prisma/client.ts';
import { newId } from '../../ids.ts';
import type { NewEvent } from '../events.ts';
import { applyRecipientChanges } from './recipients.ts';

/** What a delivery status notification (RFC 3464) or feedback report (RFC 5965) says. */
export interface Report {
  kind: 'dsn' | 'arf';
  /** The report mail's own Message-ID: with the recipient, what makes a repeat recognisable. */
  reportMessageId: string | null;
  envelopeId: string | null;
  /** Message-ID of the message the report is about, from the enclosed headers. */
  originalMessageId: string | null;
  recipients: ReportRecipient[];
  feedbackType?: string;
}

export interface ReportRecipient {
  address: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
}

/** A report about one recipient, from a DSN, an ARF report, SES or local delivery. */
export interface RecipientReport {
  source: 'smtp_dsn' | 'arf' | 'ses' | 'local';
  /** failed | delivered | relayed | expanded | delayed (DSN), complained (ARF, SES), bounced | rejected (SES). */
  action: string;
  status: string | null;
  diagnostic: string | null;
  /** SES: Permanent | Transient | Undetermined; DSN: derived from the status. */
  bounceType?: string | null;
  /** Identifies this report, so that a repeat of it changes nothing. */
  externalId: string;
  fields: Record<string, unknown>;
  /** false: never suppress the address (an SES complaint whose feedback type is not-spam). */
  suppress?: boolean;
}

/** Hard bounces (contract 5.3): 5.1.x (bad address) and 5.2.1 (mailbox disabled). */
export function isHardBounce(status: string | null, bounceType?: string | null): boolean {
  if (bounceType) return bounceType.toLowerCase() === 'permanent';
  return Boolean(status && (/^5\.1\.\d+$/.test(status) || status === '5.2.1'));
}

function statusFor(action: string): MessageStatus | null {
  switch (action) {
    case 'failed':
    case 'bounced':
      return 'BOUNCED';
    case 'delivered':
    case 'relayed':
    case 'expanded':
      return 'DELIVERED';
    case 'complained':
      return 'COMPLAINED';
    case 'rejected':
      return 'REJECTED'; // SES Reject, Rendering Failure: moves only a recipient still queued
    default:
      return null; // delayed: recorded, no status change
  }
}

/** A stable external id for a report that carries no id of its own. */
export function reportFingerprint(...parts: Array<string | null | undefined>): string {
  return createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/**
 * Applies one report to its recipient, once: the feedback row is recorded (a repeat is a no-op),
 * the recipient moves forward if the report moves it, hard bounces and complaints suppress the
 * address. Returns the events to record (the caller records them with its others).
 */
export async function applyRecipientReport(
  tx: Transaction,
  recipient: MessageRecipient,
  report: RecipientReport,
): Promise<NewEvent[]> {
  const fresh = await recordFeedbackOnce(tx, {
    id: newId('feedback'),
    organizationId: recipient.organizationId,
    messageId: recipient.messageId,
    recipientId: recipient.id,
    source: report.source,
    kind: report.action,
    externalId: report.externalId,
    fields: report.fields,
  });
  const status = statusFor(report.action);
  if (!fresh || !status) return [];
  const message = await tx.message.findUniqueOrThrow({ where: { id: recipient.messageId } });
  const hard = status === 'BOUNCED' && isHardBounce(report.status, report.bounceType);
  const events = await applyRecipientChanges(tx, message, [
    {
      recipientId: recipient.id,
      status,
      enhancedStatus: report.status,
      diagnostic: report.diagnostic,
      bounceType: status === 'BOUNCED' ? (report.bounceType ?? (hard ? 'Permanent' : 'Transient')) : null,
    },
  ]);
  if ((hard || status === 'COMPLAINED') && report.suppress !== false) {
    await suppress(tx, [
      {
        organizationId: recipient.organizationId,
        address: recipient.address,
        reason: status === 'COMPLAINED' ? 'complaint' : 'hard_bounce',
        detail: report.diagnostic ?? report.status,
        messageId: recipient.messageId,
      },
    ]);
  }
  return events;
}
