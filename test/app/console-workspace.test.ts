// The console's tabs and saved queries: kept in the settings file, so a new process finds them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspaceApi } from '../../electron/core/app/console-workspace.js';
import { SettingsFile } from '../../electron/core/app/settings-file.js';
import { parseApiInput, type ApiInput } from '../../shared/api.js';
import { makeTempDir } from '../support/temp.js';

describe('console workspace', () => {
  let home: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    home = await makeTempDir();
  });
  afterEach(async () => {
    await home.remove();
  });

  /** The API as a fresh process sees it (the settings file read again from disk). */
  const reopen = async () => createWorkspaceApi(await SettingsFile.load(home.dir));
  const saveInput = (input: ApiInput<'saveQuery'>) => parseApiInput('saveQuery', input);

  it('keeps tabs and their text across a restart', async () => {
    const first = await reopen();
    expect(await first.getConsoleTabs({})).toEqual({ tabs: [], activeTabId: null });
    const tabs = { tabs: [{ id: 'a', title: 'Query 1', sql: 'select 1', savedQueryId: null }, { id: 'b', title: 'Emails', sql: 'select email from x', savedQueryId: 'q1' }], activeTabId: 'b' };
    await first.saveConsoleTabs(parseApiInput('saveConsoleTabs', tabs));
    expect(await (await reopen()).getConsoleTabs({})).toEqual(tabs);
  });

  it('saves, renames and deletes queries, listed by name', async () => {
    const api = await reopen();
    const { saved: zeta } = await api.saveQuery(saveInput({ name: 'zeta', sql: 'select 2' }));
    const { all } = await api.saveQuery(saveInput({ name: '  Alpha ', sql: 'select 1' }));
    expect(all.map((q) => q.name)).toEqual(['Alpha', 'zeta']);

    const again = await reopen();
    expect((await again.listSavedQueries({})).map((q) => q.sql)).toEqual(['select 1', 'select 2']);
    expect((await again.renameSavedQuery({ id: zeta.id, name: 'Beta' })).map((q) => q.name)).toEqual(['Alpha', 'Beta']);
    await again.saveQuery(saveInput({ id: zeta.id, name: 'Beta', sql: 'select 22' }));
    expect((await again.deleteSavedQuery({ id: all[0].id })).map((q) => [q.name, q.sql])).toEqual([['Beta', 'select 22']]);
    expect((await (await reopen()).listSavedQueries({})).map((q) => q.name)).toEqual(['Beta']);
  });

  it('refuses an empty name and a query that no longer exists', async () => {
    const api = await reopen();
    expect(() => saveInput({ name: '   ', sql: 'select 1' })).toThrow(/name/);
    await expect(api.renameSavedQuery({ id: 'gone', name: 'x' })).rejects.toThrow(/no longer exists/);
    await expect(api.saveQuery(saveInput({ id: 'gone', name: 'x', sql: '' }))).rejects.toThrow(/no longer exists/);
  });
});
