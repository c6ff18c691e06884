/**
 * The fake Slack's Socket Mode endpoint: `apps.connections.open` hands out a one-time
 * ws URL; on connect the server says `{type:'hello'}`, then a test delivers envelopes
 * and waits for the app's `{envelope_id, payload}` ack.
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, WebSocket } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';
export interface Ack {
  envelope_id: string;
  payload: unknown;
}

interface Pending {
  resolve: (a: Ack) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class SocketModeEndpoint {
  readonly acks: Ack[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, Pending>();

  constructor(
    server: http.Server,
    private readonly appId: string,
  ) {
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/link/' || !this.tickets.delete(url.searchParams.get('ticket') ?? '')) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
  }

  /** A one-time URL for apps.connections.open, like `wss://wss-primary.slack.com/link/?ticket=…`. */
  issueUrl(port: number): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${this.appId}`;
  }

  get connections(): number {
    return [...this.sockets].filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      let msg: { envelope_id?: unknown; payload?: unknown };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return;
      }
      if (typeof msg.envelope_id !== 'string') return;
      const ack: Ack = { envelope_id: msg.envelope_id, payload: msg.payload ?? {} };
      this.acks.push(ack);
      const p = this.pending.get(ack.envelope_id);
      if (p) {
        clearTimeout(p.timer);
        this.pending.delete(ack.envelope_id);
        p.resolve(ack);
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'fake-slack', approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  async waitForConnection(timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.connections === 0) {
      if (Date.now() > until) throw new Error('no Socket Mode connection');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async sendEnvelope(type: EnvelopeType, payload: unknown, opts: { ackTimeoutMs?: number; retryAttempt?: number } = {}): Promise<Ack> {
    await this.waitForConnection();
    const ws = [...this.sockets].reverse().find((s) => s.readyState === WebSocket.OPEN);
    if (!ws) throw new Error('no Socket Mode connection');
    const envelope_id = randomUUID();
    const envelope =
      type === 'events_api'
        ? {
            envelope_id,
            type,
            payload,
            accepts_response_payload: false,
            retry_attempt: opts.retryAttempt ?? 0,
            retry_reason: opts.retryAttempt ? 'timeout' : '',
          }
        : { envelope_id, type, payload, accepts_response_payload: true };
    const timeout = opts.ackTimeoutMs ?? 3000;
    return new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope_id);
        reject(new Error(`no ack for ${type} envelope within ${timeout} ms`));
      }, timeout);
      this.pending.set(envelope_id, { resolve, reject, timer });
      ws.send(JSON.stringify(envelope));
    });
  }

  disconnectAll(reason: string): void {
    for (const ws of this.sockets) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
  }

  /** Close connections with a close handshake (terminating those that do not answer in 500 ms). */
  async close(): Promise<void> {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error('FakeSlack stopped'));
    }
    this.pending.clear();
    const open = [...this.sockets];
    await Promise.all(
      open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            const t = setTimeout(() => {
              ws.terminate();
              resolve();
            }, 500);
            ws.once('close', () => {
              clearTimeout(t);
              resolve();
            });
            if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'server stopping');
          }),
      ),
    );
    this.wss.close();
  }
}
