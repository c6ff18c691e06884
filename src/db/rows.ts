import type { caseEvents, cases, inbox, orders, outbox, shops, teams } from './schema.js';

export type TeamRow = typeof teams.$inferSelect;
export type ShopRow = typeof shops.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type InboxRow = typeof inbox.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
