/**
 * The calls the checks make, the same list in Node and in the browser. They
 * travel as JSON, so they hold no undefined or NaN.
 */

export type FunctionName = 'validateDeploy' | 'deployToken' | 'readDeployToken';

export interface Call {
  fn: FunctionName;
  arg: unknown;
}

export interface DeployValue {
  app: string;
  workers: number;
  port: number;
  note: string;
}

/** Forms that are valid, with the value validateDeploy must return for each. */
export const GOOD_FORMS: { form: unknown; value: DeployValue }[] = [
  { form: { app: 'shop', workers: 2, port: 8080 }, value: { app: 'shop', workers: 2, port: 8080, note: '' } },
  {
    form: { app: '  api-2  ', workers: ' 4 ', port: '3000', note: 'déploiement du vendredi 🚀' },
    value: { app: 'api-2', workers: 4, port: 3000, note: 'déploiement du vendredi 🚀' },
  },
  { form: { app: 'a', workers: 1, port: 1024, note: 'é'.repeat(100) }, value: { app: 'a', workers: 1, port: 1024, note: 'é'.repeat(100) } },
  { form: { app: `x${'-9'.repeat(14)}z`, workers: '16', port: '65535' }, value: { app: `x${'-9'.repeat(14)}z`, workers: 16, port: 65535, note: '' } },
  { form: { app: 'logs', workers: '04', port: 9000, note: '??? >>> ~~~ no padding' }, value: { app: 'logs', workers: 4, port: 9000, note: '??? >>> ~~~ no padding' } },
];

/** Forms that are not valid, with the fields validateDeploy must name in `errors` (and no others). */
export const BAD_FORMS: { form: unknown; wrong: string[] }[] = [
  { form: { app: 'Shop', workers: 0, port: 80 }, wrong: ['app', 'port', 'workers'] },
  { form: { app: '2fast', workers: 17, port: 65536 }, wrong: ['app', 'port', 'workers'] },
  { form: { app: 'x'.repeat(31), workers: 2.5, port: '80a' }, wrong: ['app', 'port', 'workers'] },
  { form: { app: 'my_app', workers: '', port: null }, wrong: ['app', 'port', 'workers'] },
  { form: { app: 42, workers: '4.0', port: true }, wrong: ['app', 'port', 'workers'] },
  { form: { app: 'ok', workers: 3, port: 99999 }, wrong: ['port'] },
  { form: { app: 'ok', workers: '-1', port: 8080 }, wrong: ['workers'] },
  { form: { app: 'ok', workers: 1, port: 1024, note: 'é'.repeat(101) }, wrong: ['note'] },
  { form: { app: 'ok', workers: 1, port: 1024, note: 5 }, wrong: ['note'] },
  { form: { app: '   ', workers: 1, port: 1024 }, wrong: ['app'] },
  { form: {}, wrong: ['app', 'port', 'workers'] },
  { form: null, wrong: ['app', 'port', 'workers'] },
  { form: 'app=shop&workers=2', wrong: ['app', 'port', 'workers'] },
];

/** The token deployToken must give for a valid value, computed with Node's own base64url. */
export function expectedToken(value: DeployValue): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** Strings readDeployToken must refuse (return null), and one thing that is not a string. */
export const BAD_TOKENS: { token: unknown; why: string }[] = [
  { token: '', why: 'empty' },
  { token: 'not a token!', why: 'characters outside base64url' },
  { token: Buffer.from(JSON.stringify(GOOD_FORMS[1]?.value)).toString('base64'), why: 'standard base64 (+, / or =), not base64url' },
  { token: base64url('hello, world'), why: 'not JSON' },
  { token: base64url('[1,2,3]'), why: 'JSON, but not an object' },
  { token: base64url('null'), why: 'JSON null' },
  { token: base64url('{"app":"Shop","workers":1,"port":1024}'), why: 'an object that is not a valid form' },
  { token: `${base64url('{"app":"shop","workers":2,"port":8080}')}x`, why: 'a valid token with one character too many' },
  { token: 12345, why: 'not a string' },
];

/** Every call, in a fixed order: validateDeploy on every form, deployToken on every form, readDeployToken on good and bad tokens. */
export function allCalls(): Call[] {
  const forms = [...GOOD_FORMS.map((item) => item.form), ...BAD_FORMS.map((item) => item.form)];
  return [
    ...forms.map((arg): Call => ({ fn: 'validateDeploy', arg })),
    ...forms.map((arg): Call => ({ fn: 'deployToken', arg })),
    ...GOOD_FORMS.map((item): Call => ({ fn: 'readDeployToken', arg: expectedToken(item.value) })),
    { fn: 'readDeployToken', arg: base64url('{"app":"shop","workers":2,"port":8080}') }, // no note: it is optional
    ...BAD_TOKENS.map((item): Call => ({ fn: 'readDeployToken', arg: item.token })),
  ];
}

/** What one call gave: its value (through JSON), or the message of what it threw. */
export type Outcome = { returned: unknown } | { threw: string };

/**
 * Runs the calls against a loaded module. Kept as source text because the
 * same function runs in plain `node` and in the page: it must be plain
 * JavaScript that both understand.
 */
export const EVALUATE_CALLS = `function evaluateCalls(module, calls) {
  return calls.map(function (call) {
    try {
      var returned = module[call.fn](call.arg);
      return { returned: returned === undefined ? '(undefined)' : JSON.parse(JSON.stringify(returned)) };
    } catch (error) {
      return { threw: String(error && error.message ? error.message : error) };
    }
  });
}`;

export function describeCall(call: Call): string {
  return `${call.fn}(${JSON.stringify(call.arg)})`;
}
