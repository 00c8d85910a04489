import { createHash, randomBytes } from 'node:crypto';

/** Every token Relais generates starts with this, so scanners and the log redactor recognise one. */
const TOKEN_PREFIX = 'relais_';

/**
 * How many leading characters of a generated token are kept in clear: `relais_` + 4 random characters (24 bits, as
 * GitHub shows `ghp_` + 4), enough to tell tokens apart in a list, too few to help a guess.
 */
const RECOGNISABLE_LENGTH = TOKEN_PREFIX.length + 4;

/** What generateToken makes: `relais_` + 43 base64url characters. */
const GENERATED_TOKEN = /^relais_[A-Za-z0-9_-]{43}$/;

/** A new token: `relais_` + 32 random bytes in base64url (256 bits of entropy). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The SHA-256 of a token, in hex: what the database stores and looks tokens up by. A fast, unsalted hash is
 * right here, unlike for passwords: a generated token has 256 random bits, so there is no dictionary to try and
 * no feasible brute force however fast the hash is; slow hashes (bcrypt, argon2) exist to protect low-entropy
 * human secrets and would cost every request tens of milliseconds. A salt would prevent looking a token up by its
 * hash. (RELAIS_ADMIN_TOKEN is chosen by a person: the configuration requires at least 24 characters.)
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The part of a token shown in lists to recognise it; far too short to be of use to an attacker. None for a token
 * Relais did not generate (RELAIS_ADMIN_TOKEN): a person chose it, and its first characters may be all its secret.
 */
export function recognisablePrefix(token: string): string {
  return GENERATED_TOKEN.test(token) ? token.slice(0, RECOGNISABLE_LENGTH) : '';
}
