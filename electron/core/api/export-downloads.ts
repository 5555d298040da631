// Serve's export downloads, core side: a single-use ticket per export (256 random bits, valid
// for EXPORT_TICKET_TTL_MS, never logged), the export itself, and the 'export-progress' events
// that tell the page how far it got and how it ended (the browser, not the page, saves the file).
import { randomBytes } from 'node:crypto';
import { EXPORT_TICKET_TTL_MS, type ApiParsedInput } from '../../../shared/api.js';
import type { ApiEvent, SqlExportResult } from '../../../shared/types.js';
import { redact } from '../redact.js';
import type { ExportSink } from './sql-export.js';
import type { SqlConsole } from './sql-console.js';

type ExportInput = ApiParsedInput<'exportSql'>;

/** Tickets issued and not yet used: a page cannot pile up more than this. */
const MAX_WAITING = 20;

export interface ExportDownloads {
  /** Checks the statement can be exported and returns the ticket for its download. */
  issue(input: ExportInput): Promise<string>;
  /** The export a ticket was issued for, once; null for a used, expired or unknown ticket. */
  redeem(ticket: string): ExportInput | null;
  /** Drops the ticket of an export whose download has not started; false when none waits for queryId. */
  revoke(queryId: string): boolean;
  /** Streams the export to `sink`, reporting progress and the outcome as events. */
  run(input: ExportInput, sink: ExportSink): Promise<SqlExportResult>;
  close(): void;
}

export function createExportDownloads(
  sqlConsole: () => SqlConsole,
  emit: (event: ApiEvent) => void,
  ttlMs = EXPORT_TICKET_TTL_MS,
): ExportDownloads {
  const waiting = new Map<string, { input: ExportInput; expiry: ReturnType<typeof setTimeout> }>();
  const ended = (queryId: string, rows: number, outcome: 'complete' | 'cancelled' | 'failed', error?: string) =>
    emit({ type: 'export-progress', queryId, rows, done: true, outcome, ...(error ? { error } : {}) });
  const take = (ticket: string) => {
    const entry = waiting.get(ticket);
    if (!entry) return null;
    waiting.delete(ticket);
    clearTimeout(entry.expiry);
    return entry.input;
  };

  return {
    async issue(input) {
      await sqlConsole().checkExport(input.sql);
      if (waiting.size >= MAX_WAITING) throw new Error('Too many exports are waiting for their download to start: let one finish or cancel it first.');
      const ticket = randomBytes(32).toString('base64url');
      const expiry = setTimeout(() => {
        if (take(ticket)) ended(input.queryId, 0, 'failed', `The download did not start within ${ttlMs / 1000} seconds, so nothing was exported. Export again.`);
      }, ttlMs);
      expiry.unref();
      waiting.set(ticket, { input, expiry });
      return ticket;
    },
    redeem: take,
    revoke(queryId) {
      for (const [ticket, entry] of waiting) {
        if (entry.input.queryId !== queryId) continue;
        take(ticket);
        ended(queryId, 0, 'cancelled');
        return true;
      }
      return false;
    },
    async run(input, sink) {
      const progress = (rows: number) => emit({ type: 'export-progress', queryId: input.queryId, rows, done: false });
      try {
        const result = await sqlConsole().export(input, sink, progress);
        ended(input.queryId, result.rows, result.cancelled ? 'cancelled' : 'complete');
        return result;
      } catch (error) {
        const reason = redact((error as Error)?.message ?? String(error));
        ended(input.queryId, 0, 'failed', `The export failed, so the browser marks its download failed: ${reason}`);
        throw error;
      }
    },
    close() {
      for (const ticket of [...waiting.keys()]) take(ticket);
    },
  };
}
