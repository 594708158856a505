import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { AddressPolicy } from '../domain/url-policy.ts';

/** The same words for every refusal: the attempt history must not tell what lies behind an address. */
export class BlockedAddressError extends Error {
  readonly code = 'BLOCKED_ADDRESS';
  constructor() {
    super(
      'Refused to connect: the URL’s host is, or resolves to, an address webhooks may not reach ' +
        '(only public addresses are allowed). Nothing was sent.',
    );
  }
}

/** Every address a host name resolves to (A and AAAA records alike). */
export type ResolveHost = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

const systemResolver: ResolveHost = (hostname) => lookup(hostname, { all: true });

export interface GuardedAgentOptions {
  /** Defaults to the system resolver (dns.lookup); tests pass their own. */
  resolveHost?: ResolveHost;
  /** WEBHOOK_SOURCE_ADDRESS: every connection leaves from this local address. */
  localAddress?: string;
  /** Certificate authorities trusted instead of Node's bundle (tests). */
  ca?: string;
}

/**
 * An undici Agent that resolves the host itself, vets every address it gets, and dials only a
 * vetted address, so no byte (not even a TLS ClientHello) reaches a forbidden one. The socket is
 * opened on the IP, never the name: no second DNS answer can swap in another address after the
 * check (DNS rebinding). TLS still uses the URL's name for SNI and the certificate check.
 */
export function createGuardedAgent(policy: AddressPolicy, timeoutMs: number, options: GuardedAgentOptions = {}) {
  const { resolveHost = systemResolver, localAddress, ca } = options;
  const dial = buildConnector({ timeout: timeoutMs, ...(ca ? { ca } : {}) });
  const sourceFamily = localAddress ? isIP(localAddress) : 0;

  async function vettedAddresses(hostname: string): Promise<string[]> {
    const family = isIP(hostname);
    const answers = family ? [{ address: hostname, family }] : await resolveHost(hostname);
    // Reject-any: a name with one forbidden answer is not trusted with its others either.
    if (answers.some(({ address }) => policy.refusal(address) !== null)) throw new BlockedAddressError();
    const usable = answers.filter((answer) => !sourceFamily || answer.family === sourceFamily);
    if (usable.length === 0) {
      const what = sourceFamily
        ? `IPv${sourceFamily} address (WEBHOOK_SOURCE_ADDRESS is IPv${sourceFamily})`
        : 'address';
      throw Object.assign(new Error(`${hostname} has no ${what}`), { code: 'ENOTFOUND' });
    }
    return usable.map(({ address }) => address);
  }

  return new Agent({
    connections: 256,
    keepAliveTimeout: 10_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect(connectOptions, callback) {
      const { hostname } = connectOptions;
      const servername = isIP(hostname) ? undefined : hostname;
      vettedAddresses(hostname).then(
        (addresses) => {
          // Each vetted address in turn, so a host whose IPv6 is unreachable from here still works.
          const attempt = (index: number) =>
            dial({ ...connectOptions, hostname: addresses[index], servername, localAddress }, (...result) => {
              if (result[0] && index + 1 < addresses.length) return attempt(index + 1);
              callback(...result);
            });
          attempt(0);
        },
        (error: Error) => callback(error, null),
      );
    },
  });
}
