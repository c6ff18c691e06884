import { type ChatPort, type PostRequest, type UpdateRequest } from '../../src/ports.js';
import type { CardView } from '../../src/ui/view.js';
import { DeliveryError } from '../../src/errors.js';

export interface Posted {
  ref: string;
  outboxId: number;
  channel: string;
  threadRef?: string | undefined;
  view: CardView;
  updates: number;
}

/** An in-memory ChatPort for workflow tests, with scripted failures per channel. */
export class MemoryChat implements ChatPort {
  readonly platform = 'console' as const;
  readonly posted: Posted[] = [];
  readonly calls: Array<{ op: string; channel: string }> = [];
  private readonly failures = new Map<string, DeliveryError[]>();
  private seq = 0;

  failNext(channel: string, ...errors: DeliveryError[]): void {
    this.failures.set(channel, [...(this.failures.get(channel) ?? []), ...errors]);
  }

  private maybeFail(channel: string): void {
    const queue = this.failures.get(channel);
    const err = queue?.shift();
    if (err) throw err;
  }

  async post(req: PostRequest) {
    this.calls.push({ op: 'post', channel: req.channel });
    this.maybeFail(req.channel);
    const ref = `m${++this.seq}`;
    this.posted.push({ ref, outboxId: req.outboxId, channel: req.channel, threadRef: req.threadRef, view: req.view, updates: 0 });
    return { ref };
  }

  async update(req: UpdateRequest) {
    this.calls.push({ op: 'update', channel: req.channel });
    this.maybeFail(req.channel);
    const m = this.posted.find((p) => p.ref === req.ref);
    if (!m) throw new DeliveryError('message_not_found', 'permanent');
    m.view = req.view;
    m.updates++;
  }

  async findPosted(req: { outboxId: number; channel: string }) {
    this.calls.push({ op: 'find', channel: req.channel });
    return this.posted.find((p) => p.outboxId === req.outboxId && p.channel === req.channel)?.ref ?? null;
  }

  inChannel(channel: string): Posted[] {
    return this.posted.filter((p) => p.channel === channel && !p.threadRef);
  }
}
