// The providers onboarding offers, each with its own credentials form. Adding a provider adds
// its form and one line here (the core's registry knows the rest).
import type { ComponentType } from 'react';
import { ClerkForm } from './ClerkForm';
import { StackForm } from './StackForm';

export interface CredentialsFormProps {
  busy: boolean;
  /** Links the provider with these credentials (by field name); resolves when checked. */
  onLink(fields: Record<string, string>): Promise<void>;
}

export interface ProviderForm {
  kind: string;
  label: string;
  Form: ComponentType<CredentialsFormProps>;
}

export const PROVIDER_FORMS: readonly ProviderForm[] = [
  { kind: 'clerk', label: 'Clerk', Form: ClerkForm },
  { kind: 'stack', label: 'Stack Auth', Form: StackForm },
];
