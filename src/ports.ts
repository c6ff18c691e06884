/**
 * Interfaces the workflows need. Adapters implement them; tests swap in fakes.
 * Nothing here imports a chat platform.
 */
import type { CardView } from './ui/view.js';
import type { Platform } from './domain/types.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface PostRequest {
  /** The outbox row id: platforms tag the message with it so a re-post after a crash is detected. */
  outboxId: number;
  channel: string;
  view: CardView;
  /** Post as a reply under this message (a thread). */
  threadRef?: string;
}

export interface UpdateRequest {
  channel: string;
  ref: string;
  view: CardView;
}

/** What a chat platform must do for the delivery worker. */
export interface ChatPort {
  readonly platform: Platform;
  post(req: PostRequest): Promise<{ ref: string }>;
  update(req: UpdateRequest): Promise<void>;
  /**
   * The ref of a message this bot already posted for `outboxId`, if any: checked before
   * re-posting a row whose earlier attempt may have reached the platform.
   */
  findPosted(req: { outboxId: number; channel: string; threadRef?: string; since: Date }): Promise<string | null>;
}

/** What triage learns from a buyer's text (AI when configured, otherwise rules). */
export interface Triage {
  source: 'ai' | 'rules';
  /** A better kind than the event's, when the text says so (e.g. a message that is really a return). */
  kind?: 'message' | 'review' | 'return' | 'dispute' | 'chargeback';
  sentiment: 'positive' | 'neutral' | 'negative';
  urgency: 'low' | 'normal' | 'high' | 'urgent';
  abusive: boolean;
  /** Words or patterns that suggest fraud or abuse, for the evidence pack. */
  hints: string[];
}

export interface Classifier {
  classify(text: string, ctx: { kind: string; rating?: number | null }): Promise<Triage>;
}

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};
