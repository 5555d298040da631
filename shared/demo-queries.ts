// The join "Try with demo data" makes work out of the box (the demo posts table references
// users_sync): the console offers it as a starter query, and the tests run it.
export const DEMO_JOIN_SQL =
  'SELECT posts.*, seren_auth.users_sync.name AS author_name FROM posts JOIN seren_auth.users_sync ON posts.author_id = seren_auth.users_sync.id';
