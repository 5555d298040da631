// The wire shape of a Clerk User (BAPI 2026-05-12 `User` schema), in the key order the live API emits.

export interface ClerkVerificationJSON {
  status: 'unverified' | 'verified' | 'failed' | 'expired' | 'transferable';
  strategy: string;
  attempts: number | null;
  expire_at: number | null;
}

export interface ClerkLinkedToJSON {
  type: string;
  id: string;
}

export interface ClerkEmailAddressJSON {
  id: string;
  object: 'email_address';
  email_address: string;
  reserved: boolean;
  verification: ClerkVerificationJSON | null;
  linked_to: ClerkLinkedToJSON[];
  matches_sso_connection: boolean;
  created_at: number;
  updated_at: number;
}

export interface ClerkPhoneNumberJSON {
  id: string;
  object: 'phone_number';
  phone_number: string;
  reserved_for_second_factor: boolean;
  default_second_factor: boolean;
  reserved: boolean;
  verification: ClerkVerificationJSON | null;
  linked_to: ClerkLinkedToJSON[];
  backup_codes: string[] | null;
  created_at: number;
  updated_at: number;
}

export interface ClerkWeb3WalletJSON {
  id: string;
  object: 'web3_wallet';
  web3_wallet: string;
  verification: ClerkVerificationJSON | null;
  created_at: number;
  updated_at: number;
}

export interface ClerkPasskeyJSON {
  id: string;
  object: 'passkey';
  name: string;
  last_used_at: number;
  verification: ClerkVerificationJSON | null;
}

export interface ClerkExternalAccountJSON {
  object: 'external_account';
  id: string;
  provider: string;
  identification_id: string;
  provider_user_id: string;
  approved_scopes: string;
  email_address: string;
  first_name: string | null;
  last_name: string | null;
  avatar_url: string;
  image_url: string;
  username: string | null;
  phone_number: string | null;
  public_metadata: Record<string, unknown>;
  label: string | null;
  created_at: number;
  updated_at: number;
  verification: ClerkVerificationJSON | null;
}

export interface ClerkUserJSON {
  id: string;
  object: 'user';
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  image_url: string;
  has_image: boolean;
  primary_email_address_id: string | null;
  primary_phone_number_id: string | null;
  primary_web3_wallet_id: string | null;
  password_enabled: boolean;
  two_factor_enabled: boolean;
  totp_enabled: boolean;
  backup_code_enabled: boolean;
  email_addresses: ClerkEmailAddressJSON[];
  phone_numbers: ClerkPhoneNumberJSON[];
  web3_wallets: ClerkWeb3WalletJSON[];
  passkeys: ClerkPasskeyJSON[];
  external_accounts: ClerkExternalAccountJSON[];
  saml_accounts: unknown[];
  enterprise_accounts: unknown[];
  /** Only emitted for users with a password, as in real payloads. */
  password_last_updated_at?: number | null;
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown> | null;
  unsafe_metadata: Record<string, unknown>;
  external_id: string | null;
  last_sign_in_at: number | null;
  banned: boolean;
  locked: boolean;
  lockout_expires_in_seconds: number | null;
  verification_attempts_remaining: number | null;
  created_at: number;
  updated_at: number;
  delete_self_enabled: boolean;
  create_organization_enabled: boolean;
  create_organizations_limit: number | null;
  last_active_at: number | null;
  mfa_enabled_at: number | null;
  mfa_disabled_at: number | null;
  legal_accepted_at: number | null;
  locale: string | null;
  bypass_client_trust: boolean;
  profile_image_url: string;
}

/** What `DELETE /v1/users/{id}` returns. */
export interface ClerkDeletedObjectJSON {
  object: 'user';
  id: string;
  deleted: true;
}

/** Key order of a User on the wire (the live API's, with the newer optional keys placed late). */
export const USER_KEY_ORDER: readonly (keyof ClerkUserJSON)[] = [
  'id', 'object', 'username', 'first_name', 'last_name', 'image_url', 'has_image', 'primary_email_address_id',
  'primary_phone_number_id', 'primary_web3_wallet_id', 'password_enabled', 'two_factor_enabled', 'totp_enabled',
  'backup_code_enabled', 'email_addresses', 'phone_numbers', 'web3_wallets', 'passkeys', 'external_accounts',
  'saml_accounts', 'enterprise_accounts', 'password_last_updated_at', 'public_metadata', 'private_metadata',
  'unsafe_metadata', 'external_id', 'last_sign_in_at', 'banned', 'locked', 'lockout_expires_in_seconds',
  'verification_attempts_remaining', 'created_at', 'updated_at', 'delete_self_enabled', 'create_organization_enabled',
  'create_organizations_limit', 'last_active_at', 'mfa_enabled_at', 'mfa_disabled_at', 'legal_accepted_at', 'locale',
  'bypass_client_trust', 'profile_image_url',
];
