// "Try with demo data" also creates public.posts, so DEMO_JOIN_SQL (shared/demo-queries.ts) works out of the box.
// The only table SerenDB Auth creates outside seren_auth, and only when the user asks for demo data.
import type { Database } from '../db/database.js';

export async function ensureDemoPosts(db: Database): Promise<number> {
  await db.query(`CREATE TABLE IF NOT EXISTS public.posts (
    id         serial PRIMARY KEY,
    author_id  text NOT NULL REFERENCES seren_auth.users_sync(id) ON DELETE CASCADE,
    title      text NOT NULL,
    body       text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM public.posts');
  if (Number(rows[0].n) > 0) return 0;
  const inserted = await db.query(
    `INSERT INTO public.posts (author_id, title, body)
     SELECT u.id, 'Post ' || n || ' by ' || coalesce(u.name, u.email, u.id), 'Demo post number ' || n || '.'
     FROM (SELECT id, name, email FROM seren_auth.users_sync WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 60) AS u,
          generate_series(1, 2) AS n`,
  );
  return inserted.rowCount ?? 0;
}
