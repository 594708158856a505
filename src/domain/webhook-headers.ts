import { InvalidInputError } from '../errors.ts';

export const MAX_CUSTOM_HEADERS = 20;
export const MAX_HEADER_NAME_LENGTH = 256;
export const MAX_HEADER_VALUE_BYTES = 1024;

/** RFC 7230 3.2.6 token: what a header name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * Visible ASCII, space and tab. No CR, LF, NUL or other control characters (header injection), and
 * no bytes above 0x7e either: receivers disagree on how to read them and undici refuses most.
 */
const VALUE = /^[\t\x20-\x7e]*$/;

/** Headers the service sets itself, or that belong to the connection rather than the request. */
const FORBIDDEN = new Set([
  'content-type',
  'content-length',
  'host',
  'user-agent',
  // Hop-by-hop (RFC 7230 6.1, RFC 2616 13.5.1): they would change how the exchange itself goes.
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // Asks for a 100-continue exchange the sender does not do (undici refuses to send it).
  'expect',
]);

const FORBIDDEN_LIST = `webhook-*, ${[...FORBIDDEN].join(', ')}`;

export function isForbiddenHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('webhook-') || FORBIDDEN.has(lower);
}

function isValidHeaderName(name: string): boolean {
  return name.length <= MAX_HEADER_NAME_LENGTH && TOKEN.test(name);
}

function isValidHeaderValue(value: string): boolean {
  return value.length <= MAX_HEADER_VALUE_BYTES && VALUE.test(value) && value.trim().length === value.length;
}

/**
 * A webhook's extra request headers as given on create or update: a JSON object of at most 20
 * string values whose names are HTTP tokens the service does not set itself. Anything else is
 * refused with the header at fault (`headers.X-Foo`), never dropped.
 */
export function parseWebhookHeaders(field: string, value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(
      field,
      `${field} must be a JSON object of header names to string values, such as {"Authorization": "Bearer ..."}.`,
    );
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_CUSTOM_HEADERS) {
    throw new InvalidInputError(
      field,
      `A webhook may have at most ${MAX_CUSTOM_HEADERS} headers (got ${entries.length}).`,
    );
  }
  const seen = new Set<string>();
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of entries) {
    const at = `${field}.${name}`;
    if (!isValidHeaderName(name)) {
      throw new InvalidInputError(
        at,
        `"${name.slice(0, 100)}" is not a valid header name: use 1 to ${MAX_HEADER_NAME_LENGTH} letters, digits and !#$%&'*+-.^_\`|~ (an RFC 7230 token), such as X-Api-Key.`,
      );
    }
    if (isForbiddenHeaderName(name)) {
      throw new InvalidInputError(
        at,
        `The ${name} header cannot be set: the service sets it or it belongs to the connection. These cannot be set: ${FORBIDDEN_LIST}.`,
      );
    }
    if (seen.has(name.toLowerCase())) {
      throw new InvalidInputError(at, `The ${name} header is given twice: header names are case-insensitive.`);
    }
    seen.add(name.toLowerCase());
    if (typeof headerValue !== 'string') {
      throw new InvalidInputError(at, `The value of the ${name} header must be a string.`);
    }
    if (!isValidHeaderValue(headerValue)) {
      throw new InvalidInputError(
        at,
        `The value of the ${name} header must be at most ${MAX_HEADER_VALUE_BYTES} printable ASCII characters (spaces and tabs allowed inside, not at either end; no CR, LF, NUL or other control characters).`,
      );
    }
    headers[name] = headerValue;
  }
  return headers;
}

/**
 * The stored headers as they go out. They were checked on create and update; this only guards the
 * request against a row that was not (written by hand, or under older rules): anything that would
 * not pass is left out rather than override the signature or break the request.
 */
export function customHeaders(stored: unknown): Record<string, string> {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(stored)) {
    if (!isValidHeaderName(name) || isForbiddenHeaderName(name)) continue;
    if (typeof value !== 'string' || !isValidHeaderValue(value)) continue;
    headers[name] = value;
  }
  return headers;
}
