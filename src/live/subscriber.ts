import { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { pgOptions } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { CHANNEL, type Notice, type WireMessage } from './notices.ts';

export interface SubscriberOptions {
  /** How often the LISTEN connection is checked with a query. */
  heartbeatMs?: number;
  /** A check that takes longer counts as a dead connection (default: the connection's query_timeout). */
  heartbeatTimeoutMs?: number;
}

/** One LISTEN connection per process, re-established when it drops; local subscribers share it. */
export class PgSubscriber {
  private readonly emitter = new EventEmitter();
  private readonly connection: pg.ClientConfig;
  private readonly heartbeatMs: number;
  private readonly heartbeatTimeoutMs: number;
  private client: pg.Client | null = null;
  private stopped = false;
  private connectedBefore = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    connection: string | pg.ClientConfig,
    private readonly logger: Logger,
    options: SubscriberOptions = {},
  ) {
    this.connection = typeof connection === 'string' ? pgOptions(connection) : connection;
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? (Number(this.connection.query_timeout) || this.heartbeatMs);
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    const client = new pg.Client(this.connection);
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        const parsed = JSON.parse(message.payload) as WireMessage;
        if (parsed.kind === 'events') {
          for (const [id, organizationId, type, inboxId, queued] of parsed.items) {
            this.emitter.emit('notice', {
              kind: 'event',
              id,
              organizationId,
              type,
              inboxId,
              queued: queued === 1,
            } satisfies Notice);
          }
        } else if (parsed.kind === 'attempts') {
          for (const [id, organizationId, webhookId] of parsed.items) {
            this.emitter.emit('notice', { kind: 'attempt', id, organizationId, webhookId } satisfies Notice);
          }
        } else {
          this.emitter.emit('notice', parsed);
        }
      } catch (err) {
        this.logger.warn({ err }, 'unreadable pubsub notification');
      }
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'pubsub connection error');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    this.failures = 0;
    this.beat(client);
    // Notices sent while we were not listening are gone: tell streams, so clients resume with `after`.
    if (this.connectedBefore) {
      this.logger.info('pubsub connection re-established');
      this.emitter.emit('reset');
    }
    this.connectedBefore = true;
  }

  /** Whether notices arrive now (the LISTEN connection is up). */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Called when notices may have been missed (the LISTEN connection was re-established). */
  onReset(listener: () => void): () => void {
    this.emitter.on('reset', listener);
    return () => this.emitter.off('reset', listener);
  }

  on(listener: (notice: Notice) => void): () => void {
    this.emitter.on('notice', listener);
    return () => this.emitter.off('notice', listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    // A goodbye to a database that does not answer would wait forever.
    if (this.client)
      await Promise.race([this.client.end().catch(() => undefined), delay(1000, undefined, { ref: false })]);
  }

  /**
   * A connection cut off without a word (packets dropped) looks open for a long time: only a query
   * that gets no answer tells. Then it is dropped and made again.
   */
  private beat(client: pg.Client) {
    this.heartbeatTimer = setTimeout(() => {
      client.query({ text: 'SELECT 1', query_timeout: this.heartbeatTimeoutMs } as pg.QueryConfig).then(
        () => {
          if (this.client === client) this.beat(client);
        },
        (err) => {
          if (this.client !== client) return;
          this.logger.warn({ err }, 'pubsub connection did not answer; reconnecting');
          this.lost(client);
        },
      );
    }, this.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  private lost(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    // With a query still waiting, end() destroys the socket rather than waiting for a goodbye.
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    if (this.stopped || this.reconnectTimer) return;
    const delayMs = Math.min(5000, 500 * 2 ** this.failures);
    this.failures++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start().catch((err) => {
        this.logger.warn({ err }, 'pubsub reconnect failed; trying again');
        this.scheduleReconnect();
      });
    }, delayMs);
  }
}
