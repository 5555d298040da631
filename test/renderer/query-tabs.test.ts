// Rules of the console's tabs: how new tabs are named, which tab shows after a close, when to ask.
import { describe, expect, it } from 'vitest';
import { closeTab, closingLosesText, nextTabTitle } from '../../renderer/src/lib/query-tabs.js';
import type { QueryTab } from '../../shared/types.js';

const tab = (id: string, title = `Query ${id}`, sql = ''): QueryTab => ({ id, title, sql, savedQueryId: null });

describe('query tabs', () => {
  it('numbers a new tab with the smallest number no open tab uses', () => {
    expect(nextTabTitle([])).toBe('Query 1');
    expect(nextTabTitle([tab('1'), tab('3')])).toBe('Query 2');
    expect(nextTabTitle([tab('a', 'Emails'), tab('1')])).toBe('Query 2');
  });

  it('shows the right-hand neighbour after closing the active tab, else the left one', () => {
    const tabs = [tab('1'), tab('2'), tab('3')];
    expect(closeTab({ tabs, activeTabId: '2' }, '2').activeTabId).toBe('3');
    expect(closeTab({ tabs, activeTabId: '3' }, '3').activeTabId).toBe('2');
    expect(closeTab({ tabs, activeTabId: '1' }, '3')).toEqual({ tabs: tabs.slice(0, 2), activeTabId: '1' });
  });

  it('leaves one fresh tab after closing the last', () => {
    const next = closeTab({ tabs: [tab('1', 'Emails', 'select 1')], activeTabId: '1' }, '1');
    expect(next.tabs).toHaveLength(1);
    expect(next.tabs[0]).toMatchObject({ title: 'Query 1', sql: '' });
    expect(next.activeTabId).toBe(next.tabs[0].id);
  });

  it('asks before closing only text that is nowhere else', () => {
    expect(closingLosesText(tab('1', 'Q', '   '), null)).toBe(false);
    expect(closingLosesText(tab('1', 'Q', 'select 1'), null)).toBe(true);
    expect(closingLosesText(tab('1', 'Q', 'select 1'), 'select 1')).toBe(false);
    expect(closingLosesText(tab('1', 'Q', 'select 2'), 'select 1')).toBe(true);
  });
});
