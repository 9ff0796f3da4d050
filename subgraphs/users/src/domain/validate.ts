import { errors } from '@ukp/kit';
import { z } from 'zod';

const emailSchema = z.email();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function checkEmail(email: string, field = 'email'): string {
  const trimmed = email.trim();
  if (trimmed.length > 254 || !emailSchema.safeParse(trimmed).success) {
    throw errors.badInput('Enter a valid email address.', field);
  }
  return trimmed;
}

export function checkDisplayName(name: string, field = 'displayName'): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 80) {
    throw errors.badInput('Display name must be 1 to 80 characters.', field);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(trimmed))
    throw errors.badInput('Display name contains control characters.', field);
  return trimmed;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
