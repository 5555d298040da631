// Deterministic fake Clerk users. A user is stored as a small plan (id, kind, timestamps) and its full
// JSON is rebuilt from (seed, seq) on demand, so 100k users cost a few MB instead of hundreds.
import { clerkId, createRng, pick, randInt, randomHex, type Rng } from './random.js';
import type {
  ClerkEmailAddressJSON,
  ClerkExternalAccountJSON,
  ClerkPhoneNumberJSON,
  ClerkUserJSON,
  ClerkVerificationJSON,
} from './user-json.js';

/** The shapes of user the demo data must contain (each breaks a naive sync in its own way). */
export type UserKind =
  | 'email'
  | 'oauth'
  | 'multi_email'
  | 'phone_only'
  | 'username_only'
  | 'rtl_name'
  | 'big_metadata'
  | 'banned';

/** The stored part of a user; everything else is derived from it. */
export interface UserPlan {
  id: string;
  seq: number;
  kind: UserKind;
  createdAt: number;
  updatedAt: number;
  /** Bumped by each store update; each revision renders a visibly different name. */
  revision: number;
}

// Every 20 users contain each kind at least once, so even a 20-user demo shows all of them.
const KIND_CYCLE: readonly UserKind[] = [
  'email', 'oauth', 'multi_email', 'email', 'phone_only', 'oauth', 'username_only', 'email', 'rtl_name', 'email',
  'oauth', 'big_metadata', 'email', 'banned', 'email', 'oauth', 'email', 'multi_email', 'email', 'rtl_name',
];

export function kindForSeq(seq: number): UserKind {
  return KIND_CYCLE[seq % KIND_CYCLE.length];
}

const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Mia', 'Lucas', 'Chloé', 'José',
  'Zoë', 'Søren', 'Ana', 'Mateo', 'Aiko', 'Hiroshi', 'Priya', 'Arjun', 'Fatima', 'Wei', 'Łukasz', 'Björn',
  '美咲', '陽翔', 'Ngozi', 'Kwame', 'Ines', 'Dmitri',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Garcia', 'Müller', 'Rossi', 'Nakamura', 'Kowalski', "O'Brien", 'Dubois', 'Silva',
  'Nguyen', 'Patel', 'Kim', 'Andersson', 'López', 'Ivanova', 'Okafor', 'Chen', 'van der Berg', 'Haddad',
  '山田', 'Østergaard', 'Ferreira', 'Mensah', 'Novak',
];
// Right-to-left names: Arabic and Hebrew.
const RTL_NAMES: readonly [string, string][] = [
  ['محمد', 'العلي'], ['فاطمة', 'الزهراء'], ['يوسف', 'حداد'], ['ليلى', 'منصور'], ['عمر', 'الخطيب'],
  ['דוד', 'כהן'], ['שרה', 'לוי'], ['נועה', 'מזרחי'], ['יוסף', 'פרץ'], ['מיכל', 'אברהם'],
];
const DOMAINS = ['gmail.com', 'outlook.com', 'proton.me', 'example.com', 'acme.io', 'fastmail.com', 'yahoo.co.jp'];
const OAUTH_PROVIDERS = [
  {
    provider: 'oauth_google',
    scopes: 'email https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile openid profile',
    avatar: 'https://lh3.googleusercontent.com/a/',
  },
  { provider: 'oauth_github', scopes: 'read:user user:email', avatar: 'https://avatars.githubusercontent.com/u/' },
  { provider: 'oauth_microsoft', scopes: 'openid profile email offline_access', avatar: 'https://graph.microsoft.com/v1.0/me/photo/' },
] as const;
const LOCALES = [null, null, null, 'en-US', 'fr-FR', 'de-DE', 'ja-JP', 'ar-SA', 'he-IL'];
const PLANS = ['free', 'pro', 'team', 'enterprise'];

const DAY = 86_400_000;

/** Fixed, deterministic creation times: users spread over roughly 20 months from 2024-01-01. */
export const GENERATION_START_MS = Date.UTC(2024, 0, 1);
const GENERATION_SPAN_MS = 600 * DAY;

/**
 * Plans `count` users starting at sequence number `firstSeq`, in ascending creation order. About one
 * user in 25 starts a burst (a bulk import) of 3–12 users sharing the exact same created_at ms.
 */
export function planUsers(seed: number, count: number, firstSeq = 0): UserPlan[] {
  const rng = createRng(seed, 0x5eed);
  const meanGap = Math.max(1, Math.min(20 * 60_000, Math.floor(GENERATION_SPAN_MS / Math.max(count, 1))));
  const plans: UserPlan[] = new Array(count);
  let createdAt = GENERATION_START_MS;
  let burstLeft = 0;
  for (let i = 0; i < count; i++) {
    if (burstLeft > 0) {
      burstLeft--;
    } else {
      createdAt += 1 + Math.floor(rng() * 2 * meanGap);
      if (rng() < 0.04) burstLeft = randInt(rng, 2, 11);
    }
    const seq = firstSeq + i;
    plans[i] = planUser(seed, seq, createdAt);
  }
  return plans;
}

/** One user's plan; its updated_at is the creation time or a little later. */
export function planUser(seed: number, seq: number, createdAt: number, kind: UserKind = kindForSeq(seq)): UserPlan {
  const rng = createRng(seed, seq, 1);
  const id = clerkId('user', rng, createdAt);
  const updatedAt = rng() < 0.3 ? createdAt : createdAt + randInt(rng, 1, 30 * DAY);
  return { id, seq, kind, createdAt, updatedAt, revision: 0 };
}

/** The full User JSON of a plan. Pure: the same plan and seed always render the same object. */
export function renderUser(seed: number, plan: UserPlan): ClerkUserJSON {
  const rng = createRng(seed, plan.seq, 2);
  const { createdAt, updatedAt, kind } = plan;
  const idAt = (prefix: string, at: number) => clerkId(prefix, rng, at);

  let [firstName, lastName]: [string | null, string | null] =
    kind === 'rtl_name' ? pick(rng, RTL_NAMES) : [pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)];
  let username: string | null = rng() < 0.25 ? handle(rng, firstName, lastName) : null;
  if (kind === 'username_only') {
    username = handle(rng, firstName, lastName);
    firstName = null;
    lastName = null;
  }
  if (plan.revision > 0) {
    // A store update must be visible in the data, not only in updated_at.
    const rev = createRng(seed, plan.seq, 3, plan.revision);
    if (kind === 'username_only') username = `${handle(rev, pick(rev, FIRST_NAMES), null)}_${plan.revision}`;
    else firstName = `${pick(rev, FIRST_NAMES)} ${plan.revision}`;
  }

  const emailLocal = asciiLocalPart(rng, firstName, lastName, username, plan.seq);
  const emails: ClerkEmailAddressJSON[] = [];
  const externalAccounts: ClerkExternalAccountJSON[] = [];
  let primaryEmailId: string | null = null;
  let passwordEnabled = true;

  if (kind === 'oauth') {
    const oauth = pick(rng, OAUTH_PROVIDERS);
    const identificationId = idAt('idn', createdAt);
    const emailId = idAt('idn', createdAt);
    const address = `${emailLocal}@${oauth.provider === 'oauth_google' ? 'gmail.com' : pick(rng, DOMAINS)}`;
    emails.push(
      emailAddress(emailId, address, createdAt, updatedAt, verified(`from_${oauth.provider}`), [
        { type: oauth.provider, id: identificationId },
      ]),
    );
    externalAccounts.push({
      object: 'external_account',
      id: idAt('eac', createdAt),
      provider: oauth.provider,
      identification_id: identificationId,
      provider_user_id: String(randInt(rng, 100_000_000, 999_999_999)) + String(randInt(rng, 100_000_000, 999_999_999)),
      approved_scopes: oauth.scopes,
      email_address: address,
      first_name: firstName,
      last_name: lastName,
      avatar_url: `${oauth.avatar}${randomHex(rng, 24)}`,
      image_url: imageUrl('proxy', rng),
      username: oauth.provider === 'oauth_github' ? handle(rng, firstName, lastName) : null,
      phone_number: null,
      public_metadata: {},
      label: null,
      created_at: createdAt,
      updated_at: createdAt,
      verification: { status: 'verified', strategy: oauth.provider, attempts: null, expire_at: createdAt + 600_000 },
    });
    primaryEmailId = emailId;
    passwordEnabled = false;
  } else if (kind === 'multi_email') {
    const count = randInt(rng, 2, 4);
    for (let i = 0; i < count; i++) {
      const at = createdAt + i * randInt(rng, 1, 5 * DAY);
      const address = i === 0 ? `${emailLocal}@${pick(rng, DOMAINS)}` : `${emailLocal}.${i}@${pick(rng, DOMAINS)}`;
      emails.push(emailAddress(idAt('idn', at), address, Math.min(at, updatedAt), Math.min(at, updatedAt), verified('email_code', at), []));
    }
    // The primary is never the first address: consumers must follow primary_email_address_id.
    primaryEmailId = emails[randInt(rng, 1, count - 1)].id;
  } else if (kind !== 'phone_only') {
    const emailId = idAt('idn', createdAt);
    const strategy = rng() < 0.3 ? 'admin' : 'email_code';
    emails.push(
      emailAddress(emailId, `${emailLocal}@${pick(rng, DOMAINS)}`, createdAt, createdAt, verified(strategy, createdAt), []),
    );
    primaryEmailId = emailId;
  }

  const phones: ClerkPhoneNumberJSON[] = [];
  let primaryPhoneId: string | null = null;
  const twoFactor = kind !== 'phone_only' && rng() < 0.1;
  if (kind === 'phone_only' || twoFactor || rng() < 0.1) {
    primaryPhoneId = idAt('idn', createdAt);
    phones.push({
      id: primaryPhoneId,
      object: 'phone_number',
      phone_number: `+1${randInt(rng, 201, 989)}555${String(randInt(rng, 0, 9999)).padStart(4, '0')}`,
      reserved_for_second_factor: twoFactor,
      default_second_factor: twoFactor,
      reserved: false,
      verification: verified('phone_code', createdAt),
      linked_to: [],
      backup_codes: null,
      created_at: createdAt,
      updated_at: createdAt,
    });
    if (kind === 'phone_only') passwordEnabled = false;
  }

  const hasImage = kind === 'oauth' || rng() < 0.2;
  const image = imageUrl(hasImage ? 'upload' : 'default', rng);
  const neverSignedIn = rng() < 0.1;
  const lastSignInAt = neverSignedIn ? null : createdAt + Math.floor(rng() * (updatedAt - createdAt));
  const banned = kind === 'banned';
  const locked = banned && rng() < 0.5;

  const user: ClerkUserJSON = {
    id: plan.id,
    object: 'user',
    username,
    first_name: firstName,
    last_name: lastName,
    image_url: image,
    has_image: hasImage,
    primary_email_address_id: primaryEmailId,
    primary_phone_number_id: primaryPhoneId,
    primary_web3_wallet_id: null,
    password_enabled: passwordEnabled,
    two_factor_enabled: twoFactor,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: emails,
    phone_numbers: phones,
    web3_wallets: [],
    passkeys: [],
    external_accounts: externalAccounts,
    saml_accounts: [],
    enterprise_accounts: [],
    ...(passwordEnabled ? { password_last_updated_at: createdAt } : {}),
    public_metadata: kind === 'big_metadata' ? bigPublicMetadata(rng) : rng() < 0.4 ? { plan: pick(rng, PLANS) } : {},
    private_metadata: kind === 'big_metadata' ? bigPrivateMetadata(rng, createdAt) : {},
    unsafe_metadata: {},
    external_id: rng() < 0.15 ? `ext_${randomHex(rng, 12)}` : null,
    last_sign_in_at: lastSignInAt,
    banned,
    locked,
    lockout_expires_in_seconds: locked ? 3600 : null,
    verification_attempts_remaining: 100,
    created_at: createdAt,
    updated_at: updatedAt,
    delete_self_enabled: true,
    create_organization_enabled: true,
    create_organizations_limit: null,
    last_active_at: lastSignInAt === null ? null : updatedAt,
    mfa_enabled_at: twoFactor ? createdAt : null,
    mfa_disabled_at: null,
    legal_accepted_at: rng() < 0.5 ? createdAt : null,
    locale: pick(rng, LOCALES),
    bypass_client_trust: false,
    profile_image_url: image,
  };
  return user;
}

function verified(strategy: string, at: number | null = null): ClerkVerificationJSON {
  const viaCode = strategy === 'email_code' || strategy === 'phone_code';
  return { status: 'verified', strategy, attempts: viaCode ? 1 : null, expire_at: viaCode && at !== null ? at + 600_000 : null };
}

function emailAddress(
  id: string,
  address: string,
  createdAt: number,
  updatedAt: number,
  verification: ClerkVerificationJSON,
  linkedTo: { type: string; id: string }[],
): ClerkEmailAddressJSON {
  return {
    id,
    object: 'email_address',
    email_address: address,
    reserved: false,
    verification,
    linked_to: linkedTo,
    matches_sso_connection: false,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

function handle(rng: Rng, first: string | null, last: string | null): string {
  const base = [first, last].filter(Boolean).join('_').toLowerCase().normalize('NFKD').replace(/[^a-z0-9_]/g, '');
  return `${base || 'user'}${randInt(rng, 1, 9999)}`;
}

/** Email local parts stay ASCII even for non-Latin names, as most real addresses do. */
function asciiLocalPart(rng: Rng, first: string | null, last: string | null, username: string | null, seq: number): string {
  const fromName = [first, last].filter(Boolean).join('.').toLowerCase().normalize('NFKD').replace(/[^a-z0-9.]/g, '');
  const base = fromName.replace(/^\.+|\.+$/g, '') || username || 'user';
  return `${base}${rng() < 0.5 ? '' : randInt(rng, 1, 99)}.${seq.toString(36)}`;
}

function imageUrl(type: 'default' | 'upload' | 'proxy', rng: Rng): string {
  const payload = Buffer.from(JSON.stringify({ type, rid: randomHex(rng, 16) })).toString('base64url');
  return `https://img.clerk.com/${payload}`;
}

function bigPublicMetadata(rng: Rng): Record<string, unknown> {
  return {
    plan: pick(rng, PLANS),
    onboarding: { completed: true, steps: ['profile', 'team', 'billing', 'integrations'] },
    feature_flags: Array.from({ length: 40 }, (_, i) => ({ key: `flag_${i}`, enabled: rng() < 0.5, rollout: randInt(rng, 0, 100) })),
    bio: 'Ünïcödé bio with émoji 🚀 and RTL مرحبا שלום. '.repeat(20),
  };
}

function bigPrivateMetadata(rng: Rng, createdAt: number): Record<string, unknown> {
  return {
    stripe_customer_id: `cus_${randomHex(rng, 14)}`,
    audit_log: Array.from({ length: 40 }, (_, i) => ({
      at: createdAt + i * 3_600_000,
      action: pick(rng, ['login', 'export', 'invite', 'role_change', 'api_key_created']),
      ip: `10.${randInt(rng, 0, 255)}.${randInt(rng, 0, 255)}.${randInt(rng, 1, 254)}`,
    })),
  };
}
