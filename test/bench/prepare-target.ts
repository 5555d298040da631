// Creates the seren_auth schema in a fresh target (PGlite's initdb included), in its own process:
// a new PGlite folder's first open peaks near 900 MB of RSS, a one-time cost that would
// otherwise hide the sync's own peak in the measured process.
import { openDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';

const target = process.argv[2];
if (!target) throw new Error('usage: prepare-target <target>');
const db = await openDatabase(parseTarget(target, target));
await db.close();
