import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { InvalidInputError } from '../errors.ts';

export interface UrlPolicy {
  /** NODE_ENV=production: https only, no private or special-purpose addresses (contract 3.6). */
  strict: boolean;
  allowedCidrs: string[];
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];
/** A range's name, or how to judge the IPv4 address(es) carried inside it, from the IPv6 parts. */
type Verdict = string | ((parts: number[], judge: (high: number, low: number) => string) => string);

/** The answer for an address that webhooks may reach. */
export const PUBLIC = 'public';

/** IPv4 special-purpose ranges (IANA registry) that are not globally reachable; first match wins. */
const IPV4_RULES = rules([
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], // cloud metadata (169.254.169.254) included
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'], // former 6to4 relay anycast
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

/**
 * IPv6: special-purpose ranges, and the prefixes that carry an IPv4 address, which are judged by
 * that address so that no IPv6 spelling of 127.0.0.1 or 169.254.169.254 gets through.
 */
const IPV6_RULES = rules([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', (p, v4) => v4(p[6], p[7])], // IPv4-compatible (deprecated)
  ['::ffff:0:0/96', (p, v4) => v4(p[6], p[7])], // IPv4-mapped
  ['::ffff:0:0:0/96', (p, v4) => v4(p[6], p[7])], // IPv4-translated (SIIT)
  ['64:ff9b::/96', (p, v4) => v4(p[6], p[7])], // NAT64, well-known prefix
  ['64:ff9b:1::/48', 'reserved'], // NAT64, local use
  ['100::/64', 'reserved'], // discard
  // Teredo: the server's address in bits 32-63, the client's inverted in bits 96-127.
  ['2001::/32', (p, v4) => worst(v4(p[2], p[3]), v4(p[6] ^ 0xffff, p[7] ^ 0xffff))],
  ['2001:2::/48', 'benchmarking'],
  ['2001:db8::/32', 'documentation'],
  ['2001::/23', 'reserved'], // IETF protocol assignments
  ['2002::/16', (p, v4) => v4(p[1], p[2])], // 6to4
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'reserved'], // SRv6 segment identifiers
  ['fc00::/7', 'private'], // unique local; AWS metadata (fd00:ec2::254) included
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], // former site-local
  ['ff00::/8', 'multicast'],
]);

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

function rules(table: Array<[string, Verdict]>): Array<[Range, Verdict]> {
  return table.map(([cidr, verdict]) => [ipaddr.parseCIDR(cidr), verdict]);
}

function worst(...verdicts: string[]): string {
  return verdicts.find((v) => v !== PUBLIC) ?? PUBLIC;
}

/**
 * What an address is: PUBLIC, or the name of the range that keeps webhooks away from it.
 * `accept` marks ranges let through anyway (WEBHOOK_ALLOWED_CIDRS), for the address and for every
 * IPv4 address it carries.
 */
function judge(ip: Address, accept: (ip: Address) => boolean): string {
  if (accept(ip)) return PUBLIC;
  const v4 = (high: number, low: number) =>
    judge(new ipaddr.IPv4([high >> 8, high & 255, low >> 8, low & 255]), accept);
  const table = ip.kind() === 'ipv4' ? IPV4_RULES : IPV6_RULES;
  for (const [range, verdict] of table) {
    if (range[0].kind() !== ip.kind() || !ip.match(range as never)) continue;
    return typeof verdict === 'string' ? verdict : verdict((ip as ipaddr.IPv6).parts, v4);
  }
  if (ip.kind() === 'ipv4') return PUBLIC;
  const parts = (ip as ipaddr.IPv6).parts;
  const prefix = ip.match(GLOBAL_UNICAST as never) ? PUBLIC : 'reserved';
  // ISATAP interface identifier (::0:5efe:a.b.c.d, u/g bits aside), under any prefix.
  if (parts[5] === 0x5efe && (parts[4] & 0xfcff) === 0) return worst(v4(parts[6], parts[7]), prefix);
  return prefix;
}

/** The range of an IP address in any spelling ipaddr.js parses; throws on anything else. */
export function classifyAddress(address: string): string {
  return judge(ipaddr.parse(address), () => false);
}

/** Decides whether an IP address may be connected to; used at creation and on every connection. */
export class AddressPolicy {
  private readonly allowed: Range[];

  constructor(private readonly policy: UrlPolicy) {
    this.allowed = policy.allowedCidrs.map((cidr) => ipaddr.parseCIDR(cidr));
  }

  /** Returns why an address is refused, or null when it may be used. */
  refusal(address: string): string | null {
    let ip: Address;
    try {
      ip = ipaddr.parse(address);
    } catch {
      return `"${address}" is not an IP address`;
    }
    const range = judge(ip, (part) =>
      this.allowed.some(([net, bits]) => net.kind() === part.kind() && part.match([net, bits] as never)),
    );
    if (range === PUBLIC) return null;
    // Outside production a receiver on the developer's own machine works out of the box (contract 3.6).
    if (range === 'loopback' && !this.policy.strict) return null;
    return `${address} is ${/^[aeiou]/.test(range) ? 'an' : 'a'} ${range} address, which webhooks may not reach${
      this.policy.strict ? '' : ' (loopback is allowed outside production; WEBHOOK_ALLOWED_CIDRS allows more)'
    }`;
  }
}

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * Validates a webhook URL as a user typed it. Only what can be told from the URL is refused here;
 * the addresses a name resolves to are vetted on every connection (outbound/guarded-agent.ts).
 */
export function parseWebhookUrl(field: string, raw: string, policy: AddressPolicy, strict: boolean): string {
  const shape = strict ? 'https://host/path' : 'https://host/path or http://host/path';
  // WHATWG URL parsing silently drops CR, LF and TAB ("exa\r\nmple.com" becomes "example.com"):
  // what was typed is not what would be stored, so refuse instead.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(raw)) {
    throw new InvalidInputError(
      field,
      `Webhook URLs may not contain control characters (line breaks, tabs and the like); use ${shape}.`,
    );
  }
  const tooLong = `Webhook URLs may be at most ${MAX_WEBHOOK_URL_LENGTH} characters long.`;
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) throw new InvalidInputError(field, tooLong);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InvalidInputError(field, `"${raw}" is not an absolute URL; use ${shape}.`);
  }
  const allowedSchemes = strict ? ['https:'] : ['https:', 'http:'];
  if (!allowedSchemes.includes(url.protocol)) {
    throw new InvalidInputError(
      field,
      strict
        ? `Webhook URLs must use https (got ${url.protocol.replace(':', '')}).`
        : `Webhook URLs must use http or https (got ${url.protocol.replace(':', '')}).`,
    );
  }
  if (url.username || url.password || /^[a-z]+:\/*[^/?#]*@/i.test(raw.trim())) {
    throw new InvalidInputError(field, `Webhook URLs may not contain a user name or password; use ${shape}.`);
  }
  // Punycode and percent-encoding can make the stored form longer than what was typed.
  if (url.href.length > MAX_WEBHOOK_URL_LENGTH) throw new InvalidInputError(field, tooLong);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host.endsWith('.')) {
    const bare = host.replace(/\.+$/, '');
    throw new InvalidInputError(field, `Webhook URL refused: write the host name without a trailing dot (${bare}).`);
  }
  // The parser has already turned 2130706433, 0x7f.1, 127.1 and 0177.0.0.1 into 127.0.0.1: judge that.
  const refusal = isIP(host)
    ? policy.refusal(host)
    : strict && (host === 'localhost' || host.endsWith('.localhost'))
      ? `${host} is a loopback name, which webhooks may not reach`
      : null;
  if (refusal) throw new InvalidInputError(field, `Webhook URL refused: ${refusal}. Use a public address.`);
  return url.href;
}
