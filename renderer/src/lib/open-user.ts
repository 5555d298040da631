import { api } from '../api/transport';
import type { UserRow } from '../../../shared/types';
import { useInspector } from '../stores/inspector-store';
import { errorMessage } from './errors';

/** Opens a user's raw_json in the inspector. */
export async function openUserInInspector(row: UserRow): Promise<void> {
  const inspector = useInspector.getState();
  const title = row.email ?? row.name ?? row.id;
  inspector.setLoading(title);
  try {
    const found = await api.getUser({ id: row.id });
    if (useInspector.getState().target?.title !== title) return; // another row was opened meanwhile
    if (!found) inspector.setError('This user no longer exists in users_sync.');
    else inspector.show({ title, column: 'raw_json', value: found.rawJson });
  } catch (error) {
    inspector.setError(errorMessage(error));
  }
}
