import { InvalidInputError } from '../errors.ts';

export const eventTypes = [
  { name: 'inbox.created', description: 'An inbox was created.' },
  { name: 'inbox.updated', description: "An inbox's details changed." },
  { name: 'inbox.deleted', description: 'An inbox was deleted.' },
  { name: 'message.sent', description: 'An outgoing message was handed to the mail provider.' },
  { name: 'message.received', description: 'An incoming email arrived in an inbox.' },
  { name: 'message.delivered', description: "The recipient's mail server accepted the message." },
  {
    name: 'message.bounced',
    description: "The message bounced (invalid address or rejection by the recipient's server).",
  },
  { name: 'message.complained', description: 'The recipient marked the message as spam.' },
  { name: 'message.rejected', description: 'The message was refused before sending.' },
  {
    name: 'webhook.failing',
    description: "One of the organization's webhooks had its first delivery fail for good since it last worked.",
  },
  { name: 'webhook.recovered', description: 'A failing webhook delivered successfully again.' },
  { name: 'webhook.disabled', description: "One of the organization's webhooks was disabled." },
] as const;

export type EventType = (typeof eventTypes)[number]['name'];

export const ALL_EVENTS = '*';
const names = new Set<string>(eventTypes.map((t) => t.name));

export function isEventType(name: string): name is EventType {
  return names.has(name);
}

/** Validates a subscription list: non-empty, known names or "*", without duplicates. */
export function parseEventSelection(field: string, events: readonly string[]): string[] {
  if (events.length === 0) {
    throw new InvalidInputError(field, `Choose at least one event: "*" for every event, or any of ${listNames()}.`);
  }
  const unknown = events.filter((e) => e !== ALL_EVENTS && !names.has(e));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      field,
      `Unknown event ${unknown.map((u) => JSON.stringify(u)).join(', ')}. Valid events are "*" (every event) and ${listNames()}.`,
    );
  }
  return events.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(events)];
}

function listNames(): string {
  return eventTypes.map((t) => t.name).join(', ');
}
