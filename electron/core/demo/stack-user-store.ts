// The Stack-compatible demo project's users: deterministic server user objects (the fields of
// Stack's userPrismaToCrud), kept in signed-up order, with anonymous and restricted users mixed in.
import { createRng, pick, randInt, type Rng } from './random.js';

export interface StackUserJSON {
  id: string;
  display_name: string | null;
  primary_email: string | null;
  primary_email_verified: boolean;
  primary_email_auth_enabled: boolean;
  profile_image_url: string | null;
  signed_up_at_millis: number;
  client_metadata: Record<string, unknown> | null;
  client_read_only_metadata: Record<string, unknown> | null;
  server_metadata: Record<string, unknown> | null;
  has_password: boolean;
  otp_auth_enabled: boolean;
  auth_with_email: boolean;
  requires_totp_mfa: boolean;
  passkey_auth_enabled: boolean;
  oauth_providers: { id: string; account_id: string; email: string | null }[];
  selected_team_id: string | null;
  selected_team: null;
  last_active_at_millis: number;
  is_anonymous: boolean;
  is_restricted: boolean;
  restricted_reason: { type: string } | null;
  restricted_by_admin: boolean;
  restricted_by_admin_reason: string | null;
  restricted_by_admin_private_details: string | null;
  country_code: string | null;
  risk_scores: { sign_up: { bot: number; free_trial_abuse: number } };
}

const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Guido', 'Radia', 'Søren', 'Zoë', 'José', '美咲', 'محمد'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'van Rossum', 'Perlman', 'Østergaard', 'Müller'];
const DOMAINS = ['example.com', 'acme.io', 'proton.me', 'gmail.com'];
const COUNTRIES = ['US', 'DE', 'FR', 'JP', 'BR', 'IN', null];
/** 2025-01-01: the generated users signed up during 2025. */
const START_MS = Date.UTC(2025, 0, 1);
const YEAR_MS = 365 * 24 * 3600 * 1000;

function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(rng() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Every 9th user is anonymous and every 13th restricted: the users a default list hides. */
function userFor(seed: number, seq: number, signedUpAt: number): StackUserJSON {
  const rng = createRng(seed, seq, 0x57ac);
  const anonymous = seq % 9 === 4;
  const restricted = !anonymous && seq % 13 === 6;
  const first = pick(rng, FIRST);
  const last = pick(rng, LAST);
  const email = anonymous ? null : `${first.toLowerCase().replace(/[^a-z]/g, '') || 'user'}.${seq}@${pick(rng, DOMAINS)}`;
  const oauth = !anonymous && rng() < 0.4;
  return {
    id: uuid(rng),
    display_name: anonymous ? null : `${first} ${last}`,
    primary_email: email,
    primary_email_verified: !restricted && email !== null,
    primary_email_auth_enabled: email !== null,
    profile_image_url: oauth ? `https://avatars.example.com/${seq}.png` : null,
    signed_up_at_millis: signedUpAt,
    client_metadata: rng() < 0.3 ? { theme: pick(rng, ['dark', 'light']) } : null,
    client_read_only_metadata: null,
    server_metadata: rng() < 0.2 ? { plan: pick(rng, ['free', 'pro', 'team']), seats: randInt(rng, 1, 50) } : null,
    has_password: !anonymous && !oauth,
    otp_auth_enabled: false,
    auth_with_email: email !== null,
    requires_totp_mfa: false,
    passkey_auth_enabled: false,
    oauth_providers: oauth ? [{ id: pick(rng, ['google', 'github']), account_id: String(randInt(rng, 10_000, 99_999_999)), email }] : [],
    selected_team_id: null,
    selected_team: null,
    last_active_at_millis: signedUpAt + randInt(rng, 0, 30 * 24 * 3600 * 1000),
    is_anonymous: anonymous,
    is_restricted: restricted,
    restricted_reason: restricted ? { type: 'email_not_verified' } : null,
    restricted_by_admin: false,
    restricted_by_admin_reason: null,
    restricted_by_admin_private_details: null,
    country_code: pick(rng, COUNTRIES),
    risk_scores: { sign_up: { bot: randInt(rng, 0, 100), free_trial_abuse: randInt(rng, 0, 100) } },
  };
}

export class StackUserStore {
  /** Ascending by (signed_up_at_millis, id): the order `order_by=signed_up_at` lists. */
  private readonly ordered: StackUserJSON[] = [];
  private readonly byId = new Map<string, StackUserJSON>();
  private nextSeq = 0;
  private readonly rng: Rng;

  constructor(
    readonly seed: number,
    users: number,
    private readonly now: () => number = Date.now,
  ) {
    this.rng = createRng(seed, 0x5eed);
    for (let i = 0; i < users; i++) this.add(userFor(seed, this.nextSeq++, START_MS + Math.floor((i * YEAR_MS) / Math.max(1, users))));
  }

  get count(): number {
    return this.byId.size;
  }

  get(id: string): StackUserJSON | undefined {
    return this.byId.get(id);
  }

  /** Users in signed-up order, oldest first. Do not mutate. */
  inOrder(): readonly StackUserJSON[] {
    return this.ordered;
  }

  createUser(overrides: Partial<StackUserJSON> = {}): StackUserJSON {
    const user = { ...userFor(this.seed, this.nextSeq++, this.now()), ...overrides };
    this.add(user);
    return user;
  }

  /** Renames the user (or applies `patch`): Stack keeps no update time, only the content changes. */
  updateUser(id: string, patch?: Partial<StackUserJSON>): StackUserJSON {
    const user = this.byId.get(id);
    if (!user) throw new Error(`No user ${id}`);
    Object.assign(user, patch ?? { display_name: `${pick(this.rng, FIRST)} ${pick(this.rng, LAST)}` });
    return user;
  }

  deleteUser(id: string): boolean {
    const user = this.byId.get(id);
    if (!user) return false;
    this.byId.delete(id);
    this.ordered.splice(this.ordered.indexOf(user), 1);
    return true;
  }

  randomUserId(rng: Rng = this.rng): string | undefined {
    return this.ordered.length === 0 ? undefined : this.ordered[Math.floor(rng() * this.ordered.length)].id;
  }

  private add(user: StackUserJSON): void {
    if (this.byId.has(user.id)) throw new Error(`User ${user.id} already exists`);
    this.byId.set(user.id, user);
    // Users sign up now, so they almost always go last; keep the order exact anyway.
    let i = this.ordered.length;
    while (i > 0 && compare(this.ordered[i - 1], user) > 0) i--;
    this.ordered.splice(i, 0, user);
  }
}

function compare(a: StackUserJSON, b: StackUserJSON): number {
  if (a.signed_up_at_millis !== b.signed_up_at_millis) return a.signed_up_at_millis - b.signed_up_at_millis;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
