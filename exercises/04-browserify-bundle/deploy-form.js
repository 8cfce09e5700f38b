'use strict';
/**
 * Exercise 04: one CommonJS module for the server and for the page.
 *
 * The page validates the deploy form as you type; the server validates it
 * again, with the same code, before it trusts it. Plain JavaScript (no
 * TypeScript): browserify bundles this file as it is, and plain `node`
 * requires it. Read README.md for the rules.
 */

/**
 * Checks a deploy form. Fields may be strings (from an HTML form) or numbers
 * (from JSON). Never throws.
 * @param {unknown} form  { app, workers, port, note? }
 * @returns {{ ok: true, value: { app: string, workers: number, port: number, note: string } }
 *         | { ok: false, errors: Record<string, string> }}
 */
function validateDeploy(form) {
  // TODO
  throw new Error(`TODO: validateDeploy(${JSON.stringify(form)}) is not written yet`);
}

/**
 * The form's value as a token for a URL: base64url (no padding) of the UTF-8
 * bytes of JSON.stringify(value), or null when the form is not valid.
 * @param {unknown} form
 * @returns {string | null}
 */
function deployToken(form) {
  // TODO
  throw new Error(`TODO: deployToken(${JSON.stringify(form)}) is not written yet`);
}

/**
 * Reads a token made by deployToken: the validated value, or null for
 * anything that is not a valid token.
 * @param {unknown} token
 * @returns {{ app: string, workers: number, port: number, note: string } | null}
 */
function readDeployToken(token) {
  // TODO
  throw new Error(`TODO: readDeployToken(${JSON.stringify(token)}) is not written yet`);
}

module.exports = { validateDeploy, deployToken, readDeployToken };
