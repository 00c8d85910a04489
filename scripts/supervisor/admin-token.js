'use strict';
/*
 * The bootstrap admin token of a local installation: generated once into <data dir>/admin-token (mode 600) and
 * reused on every start, so the token printed at the first start keeps working (the CLI reads the same file).
 */
const { randomBytes } = require('node:crypto');
const { chmodSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

/** What the gateway accepts as RELAIS_ADMIN_TOKEN (libs/config/src/environment.dto.ts). */
const MIN_LENGTH = 24;
const MAX_LENGTH = 200;

function adminTokenFile(dataDir) {
  return join(dataDir, 'admin-token');
}

/** Reads the token file, creating it first when missing; returns `{ token, created }`. */
function loadOrCreateAdminToken(dataDir) {
  const file = adminTokenFile(dataDir);
  const fresh = `relais_${randomBytes(32).toString('base64url')}`;
  try {
    // `wx`: never overwrite a token that another start wrote in the meantime.
    writeFileSync(file, `${fresh}\n`, { mode: 0o600, flag: 'wx' });
    return { token: fresh, created: true };
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  }
  const token = readFileSync(file, 'utf8').trim();
  if (token.length < MIN_LENGTH || token.length > MAX_LENGTH || /\s/.test(token)) {
    throw new Error(
      `${file} does not hold a usable token (${MIN_LENGTH}–${MAX_LENGTH} characters, no spaces): ` +
        'delete it and start again to generate a new one',
    );
  }
  // Whoever holds this token is admin: keep it readable by its owner only, even if it was copied in loosely.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { token, created: false };
}

module.exports = { adminTokenFile, loadOrCreateAdminToken };
