// Rows one sync step wrote, summed over a cycle (what `sync --once` prints).
export interface CycleSummary {
  inserted: number;
  updated: number;
  deleted: number;
  quarantined: number;
}

export const noRows = (): CycleSummary => ({ inserted: 0, updated: 0, deleted: 0, quarantined: 0 });

export function addRows(total: CycleSummary, more: Partial<CycleSummary>): CycleSummary {
  total.inserted += more.inserted ?? 0;
  total.updated += more.updated ?? 0;
  total.deleted += more.deleted ?? 0;
  total.quarantined += more.quarantined ?? 0;
  return total;
}
