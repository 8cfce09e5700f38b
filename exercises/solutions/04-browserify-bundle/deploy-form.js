'use strict';
/**
 * Exercise 04, reference solution: one CommonJS module for the server and
 * for the page. Everything in it exists both in Node and in a browserify
 * bundle: plain JavaScript up to ES2020, and Buffer, which browserify
 * replaces with the `buffer` package.
 */

const APP_NAME = /^[a-z][a-z0-9-]{0,29}$/;
const DIGITS = /^[0-9]+$/;
const TOKEN = /^[A-Za-z0-9_-]+$/;
const MAX_NOTE_BYTES = 200;

/** A whole number from a number or a string of digits (spaces around allowed); otherwise undefined. */
function wholeNumber(input) {
  if (typeof input === 'number') return Number.isSafeInteger(input) ? input : undefined;
  if (typeof input === 'string' && DIGITS.test(input.trim())) return Number(input.trim());
  return undefined;
}

/**
 * Checks a deploy form. Fields may be strings (from an HTML form) or numbers
 * (from JSON). Never throws.
 * @param {unknown} form  { app, workers, port, note? }
 * @returns {{ ok: true, value: { app: string, workers: number, port: number, note: string } }
 *         | { ok: false, errors: Record<string, string> }}
 */
function validateDeploy(form) {
  const fields = form !== null && typeof form === 'object' ? form : {};
  const errors = {};

  const app = typeof fields.app === 'string' ? fields.app.trim() : '';
  if (!APP_NAME.test(app)) errors.app = '1 to 30 lowercase letters, digits or -, starting with a letter';

  const workers = wholeNumber(fields.workers);
  if (workers === undefined || workers < 1 || workers > 16) errors.workers = 'a whole number from 1 to 16';

  const port = wholeNumber(fields.port);
  if (port === undefined || port < 1024 || port > 65535) errors.port = 'a whole number from 1024 to 65535';

  const note = fields.note === undefined ? '' : fields.note;
  // Buffer.byteLength works in the page too: browserify bundles the `buffer` package for it.
  if (typeof note !== 'string' || Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) errors.note = `text of at most ${MAX_NOTE_BYTES} bytes in UTF-8`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { app, workers, port, note } };
}

/**
 * The form's value as a token for a URL: base64url (no padding) of the UTF-8
 * bytes of JSON.stringify(value), or null when the form is not valid.
 * @param {unknown} form
 * @returns {string | null}
 */
function deployToken(form) {
  const result = validateDeploy(form);
  if (!result.ok) return null;
  // Not toString('base64url'): Node knows that encoding, but the `buffer` package
  // browserify 17 bundles (5.x) throws "Unknown encoding". Convert from base64.
  const base64 = Buffer.from(JSON.stringify(result.value), 'utf8').toString('base64');
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Reads a token made by deployToken: the validated value, or null for
 * anything that is not a valid token.
 * @param {unknown} token
 * @returns {{ app: string, workers: number, port: number, note: string } | null}
 */
function readDeployToken(token) {
  // Decoders skip characters they do not know, so check the alphabet first; a length of 4n+1 is never base64.
  if (typeof token !== 'string' || !TOKEN.test(token) || token.length % 4 === 1) return null;
  let parsed;
  try {
    parsed = JSON.parse(Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  // A token is input like any other: validate what it holds.
  const result = validateDeploy(parsed);
  return result.ok ? result.value : null;
}

module.exports = { validateDeploy, deployToken, readDeployToken };
