import type { Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { AddressPolicy } from '../domain/url-policy.ts';

export class BlockedAddressError extends Error {
  readonly code = 'BLOCKED_ADDRESS';
}

/**
 * An undici Agent whose connections are checked after connecting, on the peer address the socket
 * actually reached: literal IPs, DNS answers and DNS rebinding all end up at this one check.
 */
export function createGuardedAgent(policy: AddressPolicy, timeoutMs: number): Agent {
  const connect = buildConnector({ timeout: timeoutMs });
  return new Agent({
    connections: 256,
    keepAliveTimeout: 10_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect(options, callback) {
      connect(options, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error('connection failed'), null);
        const address = (socket as Socket).remoteAddress;
        const refusal = address ? policy.refusal(address) : 'the connected address is unknown';
        if (refusal) {
          socket.destroy();
          return callback(new BlockedAddressError(`Refused to deliver: ${refusal}.`), null);
        }
        callback(null, socket);
      });
    },
  });
}
