import { DEMO_JOIN_SQL } from '../../../../shared/demo-queries';

export interface StarterQuery {
  title: string;
  sql: string;
}

export const STARTER_QUERIES: StarterQuery[] = [
  {
    title: 'Latest users',
    sql: 'SELECT id, name, email, created_at, deleted_at FROM seren_auth.users_sync ORDER BY created_at DESC LIMIT 100;',
  },
  {
    title: 'First email and metadata from raw_json',
    sql: "SELECT id, raw_json->'email_addresses'->0->>'email_address' AS first_email, raw_json->'public_metadata' AS public_metadata FROM seren_auth.users_sync LIMIT 50;",
  },
  {
    title: 'Posts with their author',
    sql: `${DEMO_JOIN_SQL};`,
  },
  {
    title: 'Active vs deleted',
    sql: 'SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS active, count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted FROM seren_auth.users_sync;',
  },
  {
    title: 'Sign-ups per day',
    sql: 'SELECT date_trunc(\'day\', created_at) AS day, count(*) AS users FROM seren_auth.users_sync GROUP BY 1 ORDER BY 1 DESC LIMIT 30;',
  },
];
