import type { Database, Transaction } from '../../db/client.ts';
import type { MessageRecipient } from '../../generated/prisma/client.ts';
import { type NewEvent, recordEvents } from '../events.ts';
import type { DeliveryQueue } from '../ports.ts';
import { applyRecipientReport, type RecipientReport } from './feedback.ts';
import { normalizeAddress } from './inbound.ts';

/** The parts of an SES notification (identity notifications or event publishing) that are used. */
export interface SesEvent {
  type: string;
  mail: {
    messageId: string;
    destination: string[];
    tags: Record<string, string[]>;
    /** The Message-ID the mail was submitted with, where SES reports it. */
    headerMessageId: string | null;
  };
  body: Record<string, unknown>;
}

/** One recipient's part of an SES event, before its recipient row is known. */
export type SesRecipientReport = Omit<RecipientReport, 'externalId'> & { address: string };

const asObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const asString = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** SES writes plain addresses, but a `Name <address>` form costs nothing to accept. */
function bareAddress(value: unknown): string | null {
  const text = asString(value);
  if (!text) return null;
  return normalizeAddress(/<([^<>]+)>/.exec(text)?.[1] ?? text);
}

/**
 * Reads an SNS Message as an SES notification (`notificationType`, identity notifications) or
 * event (`eventType`, configuration-set event publishing); null for anything else on the topic.
 */
export function parseSesEvent(message: string): SesEvent | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = asObject(JSON.parse(message));
  } catch {
    return null;
  }
  const type = asString(parsed.eventType) ?? asString(parsed.notificationType);
  const mail = asObject(parsed.mail);
  const messageId = asString(mail.messageId);
  if (!type || !messageId) return null;
  const tags = Object.fromEntries(
    Object.entries(asObject(mail.tags)).map(([name, values]) => [
      name,
      asArray(values).flatMap((v) => asString(v) ?? []),
    ]),
  );
  return {
    type,
    mail: {
      messageId,
      destination: asArray(mail.destination).flatMap((a) => bareAddress(a) ?? []),
      tags,
      headerMessageId: asString(asObject(mail.commonHeaders).messageId),
    },
    body: parsed,
  };
}

const enhancedStatus = (text: string | null) => /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text ?? '')?.[1] ?? null;

/**
 * What an SES event says about each recipient (mail.md 7.3): Delivery -> delivered, Bounce ->
 * bounced (Permanent suppresses), Complaint -> complained (suppresses unless not-spam), Reject and
 * Rendering Failure -> rejected, DeliveryDelay -> delayed (recorded only); Send, Open, Click and
 * others say nothing here.
 */
export function sesRecipientReports(event: SesEvent): SesRecipientReport[] {
  const { body, mail } = event;
  const report = (
    address: string | null,
    fields: Record<string, unknown>,
    rest: Omit<SesRecipientReport, 'address' | 'source' | 'fields'>,
  ): SesRecipientReport[] =>
    address
      ? [{ ...rest, source: 'ses', address, fields: { type: event.type, sesMessageId: mail.messageId, ...fields } }]
      : [];
  switch (event.type) {
    case 'Delivery': {
      const delivery = asObject(body.delivery);
      const smtpResponse = asString(delivery.smtpResponse);
      return asArray(delivery.recipients).flatMap((r) =>
        report(
          bareAddress(r),
          { smtpResponse, reportingMTA: asString(delivery.reportingMTA), timestamp: asString(delivery.timestamp) },
          { action: 'delivered', status: enhancedStatus(smtpResponse) ?? '2.0.0', diagnostic: smtpResponse },
        ),
      );
    }
    case 'Bounce': {
      const bounce = asObject(body.bounce);
      const bounceType = asString(bounce.bounceType) ?? 'Undetermined';
      const bounceSubType = asString(bounce.bounceSubType);
      return asArray(bounce.bouncedRecipients).flatMap((entry) => {
        const r = asObject(entry);
        const diagnostic =
          asString(r.diagnosticCode) ?? `${bounceType} bounce${bounceSubType ? ` (${bounceSubType})` : ''}`;
        return report(
          bareAddress(r.emailAddress),
          {
            bounceType,
            bounceSubType,
            action: asString(r.action),
            status: asString(r.status),
            diagnosticCode: asString(r.diagnosticCode),
            feedbackId: asString(bounce.feedbackId),
          },
          { action: 'bounced', status: asString(r.status), diagnostic, bounceType },
        );
      });
    }
    case 'Complaint': {
      const complaint = asObject(body.complaint);
      const feedbackType = asString(complaint.complaintFeedbackType);
      return asArray(complaint.complainedRecipients).flatMap((entry) =>
        report(
          bareAddress(asObject(entry).emailAddress),
          {
            complaintFeedbackType: feedbackType,
            complaintSubType: asString(complaint.complaintSubType),
            feedbackId: asString(complaint.feedbackId),
          },
          {
            action: 'complained',
            status: null,
            diagnostic: `The recipient complained${feedbackType ? ` (${feedbackType})` : ''}.`,
            // "not-spam": the recipient's provider says the mail is not spam; nothing to suppress.
            suppress: feedbackType?.toLowerCase() !== 'not-spam',
          },
        ),
      );
    }
    case 'Reject':
    case 'Rendering Failure': {
      const detail = event.type === 'Reject' ? asObject(body.reject) : asObject(body.failure);
      const why = asString(detail.reason) ?? asString(detail.errorMessage) ?? 'no reason given';
      const diagnostic =
        event.type === 'Reject'
          ? `Amazon SES rejected the message: ${why}`
          : `Amazon SES could not render the message: ${why}`;
      return mail.destination.flatMap((address) =>
        report(address, { reason: why }, { action: 'rejected', status: null, diagnostic }),
      );
    }
    case 'DeliveryDelay': {
      const delay = asObject(body.deliveryDelay);
      return asArray(delay.delayedRecipients).flatMap((entry) => {
        const r = asObject(entry);
        return report(
          bareAddress(r.emailAddress),
          {
            delayType: asString(delay.delayType),
            expirationTime: asString(delay.expirationTime),
            status: asString(r.status),
            diagnosticCode: asString(r.diagnosticCode),
          },
          {
            action: 'delayed',
            status: asString(r.status),
            diagnostic: asString(r.diagnosticCode) ?? asString(delay.delayType),
          },
        );
      });
    }
    default:
      return [];
  }
}

export interface SesFeedbackDeps {
  db: Database;
  queue: DeliveryQueue;
}

const messageIdOf = (value: string | null | undefined) => /^<?(msg_[0-9a-z]{26})@/.exec(value ?? '')?.[1] ?? null;

/**
 * Finds the recipient an SES event is about, across organizations (SES events carry no
 * organization; the SNS signature and topic allow-list vouch for them): by the recipient tag the
 * transport put on the call, else through its message, found by the SES message id stored when SES
 * accepted it, by the message tag, or by the Message-ID it was submitted with; then by address.
 */
async function sesRecipientsUnscoped(
  tx: Transaction,
  event: SesEvent,
  addresses: string[],
): Promise<Map<string, MessageRecipient>> {
  const found = new Map<string, MessageRecipient>();
  const tagged = event.mail.tags['sendook-recipient']?.[0];
  if (tagged) {
    const recipient = await tx.messageRecipient.findUnique({ where: { id: tagged } });
    if (recipient && addresses.includes(recipient.address)) found.set(recipient.address, recipient);
  }
  const missing = addresses.filter((a) => !found.has(a));
  if (missing.length === 0) return found;
  const byProvider = await tx.message.findFirst({
    where: { providerMessageId: event.mail.messageId, direction: 'OUTBOUND' },
    select: { id: true },
  });
  const messageId =
    byProvider?.id ?? messageIdOf(event.mail.tags['sendook-message']?.[0]) ?? messageIdOf(event.mail.headerMessageId);
  if (!messageId) return found;
  const recipients = await tx.messageRecipient.findMany({
    where: { messageId, address: { in: missing }, message: { direction: 'OUTBOUND' } },
  });
  for (const recipient of recipients) found.set(recipient.address, recipient);
  return found;
}

/**
 * Applies one SES event to its recipients and records their events, in one transaction: either
 * all of it is stored or none (the caller answers SNS only after this returns, so SNS retries a
 * failure). Each recipient's report is recorded once per SNS message id, so a redelivered
 * notification changes nothing. Returns how many recipients were found and how many events fired.
 */
export async function applySesEvent(
  deps: SesFeedbackDeps,
  snsMessageId: string,
  event: SesEvent,
): Promise<{ matched: number; events: number }> {
  const reports = sesRecipientReports(event);
  if (reports.length === 0) return { matched: 0, events: 0 };
  return deps.db.$transaction(async (tx) => {
    const recipients = await sesRecipientsUnscoped(tx, event, [...new Set(reports.map((r) => r.address))]);
    const events: NewEvent[] = [];
    let matched = 0;
    for (const { address, ...report } of reports) {
      const recipient = recipients.get(address);
      if (!recipient) continue;
      matched += 1;
      events.push(
        ...(await applyRecipientReport(tx, recipient, {
          ...report,
          externalId: `ses:${snsMessageId}:${recipient.id}`,
        })),
      );
    }
    await recordEvents(tx, deps.queue, events);
    return { matched, events: events.length };
  });
}
