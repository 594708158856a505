import { typeid } from 'typeid-js';

/** Type prefixes of contract 4.3; TypeID suffixes are UUIDv7, so ids sort by creation time. */
export const idPrefixes = {
  organization: 'org',
  apiKey: 'key',
  inbox: 'inbox',
  message: 'msg',
  thread: 'thread',
  webhook: 'webhook',
  event: 'evt',
  delivery: 'dlv',
  attempt: 'att',
  file: 'file',
  recipient: 'rcpt',
  feedback: 'fbk',
  recovery: 'rcv',
} as const;

export type IdKind = keyof typeof idPrefixes;

export function newId(kind: IdKind): string {
  return typeid(idPrefixes[kind]).toString();
}
