import ipaddr from 'ipaddr.js';
import { InvalidInputError } from '../errors.ts';

export interface UrlPolicy {
  /** NODE_ENV=production: https only, no private or special-purpose addresses (contract 3.6). */
  strict: boolean;
  allowedCidrs: string[];
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Decides whether an IP address may be connected to; used at creation and on every connection. */
export class AddressPolicy {
  private readonly allowed: Range[];

  constructor(private readonly policy: UrlPolicy) {
    this.allowed = policy.allowedCidrs.map((cidr) => ipaddr.parseCIDR(cidr));
  }

  /** Returns why an address is refused, or null when it may be used. */
  refusal(address: string): string | null {
    let ip: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      // process() turns IPv4-mapped IPv6 (::ffff:10.0.0.1) back into IPv4, so no spelling slips through.
      ip = ipaddr.process(address);
    } catch {
      return `"${address}" is not an IP address`;
    }
    // ipaddr.js calls the deprecated IPv4-compatible form (::a.b.c.d, ::/96) unicast: judge the IPv4 inside.
    if (ip.kind() === 'ipv6') {
      const parts = (ip as ipaddr.IPv6).parts;
      if (parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || parts[7] > 1)) {
        ip = ipaddr.IPv4.parse(`${parts[6] >> 8}.${parts[6] & 255}.${parts[7] >> 8}.${parts[7] & 255}`);
      }
    }
    if (this.allowed.some(([net, bits]) => net.kind() === ip.kind() && ip.match([net, bits] as never))) {
      return null;
    }
    const range = ip.range();
    if (range === 'unicast') return null;
    // Outside production a receiver on the developer's own machine works out of the box (contract 3.6).
    if (range === 'loopback' && !this.policy.strict) return null;
    return `${address} is a ${range} address, which webhooks may not reach${
      this.policy.strict ? '' : ' (loopback is allowed outside production; WEBHOOK_ALLOWED_CIDRS allows more)'
    }`;
  }
}

/** Validates a webhook URL as a user typed it; the address actually connected to is checked again. */
export function parseWebhookUrl(field: string, raw: string, policy: AddressPolicy, strict: boolean): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InvalidInputError(
      field,
      `"${raw}" is not an absolute URL; use https://host/path${strict ? '' : ' or http://host/path'}.`,
    );
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
  if (url.username || url.password) {
    throw new InvalidInputError(field, 'Webhook URLs may not contain a user name or password.');
  }
  if (url.href.length > 2048) {
    throw new InvalidInputError(field, 'Webhook URLs may be at most 2048 characters long.');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refusal = ipaddr.isValid(host)
    ? policy.refusal(host)
    : strict && (host === 'localhost' || host.endsWith('.localhost'))
      ? `${host} is a loopback name, which webhooks may not reach`
      : null;
  if (refusal) throw new InvalidInputError(field, `Webhook URL refused: ${refusal}. Use a public address.`);
  return url.href;
}
