import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { CHANNEL, type Notice, type WireMessage } from './notices.ts';

/** One LISTEN connection per process, re-established when it drops; local subscribers share it. */
export class PgSubscriber {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | null = null;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnects = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true });
    const reconnecting = this.client === null && this.reconnects > 0;
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        const parsed = JSON.parse(message.payload) as WireMessage;
        if (parsed.kind === 'attempts') {
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
    client.on('error', (err) => this.logger.warn({ err }, 'pubsub connection error'));
    client.on('end', () => {
      if (this.client === client) this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    // Notices sent while we were not listening are gone: tell streams, so clients resume with `after`.
    if (reconnecting) this.emitter.emit('reset');
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
    await this.client?.end().catch(() => undefined);
  }

  private scheduleReconnect() {
    if (this.stopped || this.reconnectTimer) return;
    this.client = null;
    this.reconnects++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start().catch((err) => {
        this.logger.warn({ err }, 'pubsub reconnect failed; trying again');
        this.scheduleReconnect();
      });
    }, 1000);
  }
}
