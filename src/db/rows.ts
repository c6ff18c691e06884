import type { caseEvents, cases, orders, outbox, shops, teams } from './schema.js';

export type TeamRow = typeof teams.$inferSelect;
export type ShopRow = typeof shops.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
