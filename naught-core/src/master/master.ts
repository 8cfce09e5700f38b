/**
 * The cluster primary: forks the workers, follows the worker protocol
 * ('online', 'offline', 'shutdown'), runs boots, deploys and stops, and
 * reports every change as an event. It knows nothing of sockets or files: the
 * daemon feeds it requests and turns its events into log lines and messages.
 */
import cluster, { type Worker } from 'node:cluster';
import type { BroadcastEventName, NaughtEvent, ReplyEventName, WaitingFor } from '../events';
import type { DeployRequest, NaughtRequest, ShutdownRequest } from '../ipc/protocol';
import { describeRestart, RestartPolicy } from './restart-policy';
import { askToShutDown, killGraceFor, signalWorker, terminateWorker } from './terminate';
import { countWorkers, type WorkerRecord, type WorkerState } from './worker-record';
import { byIndexThenAge, viewWorker, type MasterView } from './worker-view';

/** Where a worker's stdout or stderr goes: a pipe the daemon reads, nowhere, or the foreground CLI's own stream. */
export type OutputMode = 'pipe' | 'ignore' | 'inherit';

export interface MasterOptions {
  script: string;
  scriptArgs: string[];
  workerCount: number;
  nodeArgs: string[];
  cwd: string;
  env: Record<string, string>;
  stdout: OutputMode;
  stderr: OutputMode;
}

export interface MasterHooks<Client> {
  /** An event for every subscribed client (and the naught log). */
  broadcast(event: NaughtEvent): void;
  /** The answer to one client's request (null: a signal asked), for that client only (and the naught log). */
  reply(event: NaughtEvent, client: Client | null): void;
  /** The answer to a NaughtStatusDetail (for that client only): the counts, as a `Status` event, and the master's view of its workers. */
  replyDetail(event: NaughtEvent, view: MasterView, client: Client | null): void;
  /** A line for the naught log that is not an event (restart notices). */
  log(line: string): void;
  /** A worker was forked: the daemon connects its output to the logs. */
  workerForked(worker: Worker): void;
  /** Every worker is gone after a stop (0) or a failed boot (1). */
  stopped(exitCode: number): void;
}

type Ending = 'user' | 'timeout' | 'failed';

/** A boot or a deploy: new workers first, then the old ones retire. */
interface Operation {
  readonly kind: 'boot' | 'deploy';
  readonly cohort: number;
  phase: 'new' | 'old';
  ending: Ending | null;
  readonly newWorkers: Set<WorkerRecord>;
  readonly retiring: Set<WorkerRecord>;
  timer: NodeJS.Timeout | null;
}


export class Master<Client> {
  private readonly records = new Map<number, WorkerRecord>();
  private readonly restartPolicy = new RestartPolicy();
  /** Restarts waiting out a crash-loop delay, and the index and time each is due. */
  private readonly pendingRestarts = new Map<NodeJS.Timeout, { index: number; dueAt: number }>();
  /** Restarts per worker index (after a crash or an 'offline') since the server started. */
  private readonly restartCounts = new Map<number, number>();
  private readonly stopWaits = new Set<WorkerRecord>();
  private workerCount: number;
  private cwd: string;
  private env: Record<string, string>;
  private op: Operation | null = null;
  private lastCohort = 0;
  /** The cohort kept at full strength by restarts; 0 until the boot completes. */
  private activeCohort = 0;
  private stopping = false;
  private stopTimer: NodeJS.Timeout | null = null;
  private stopFinalized = false;
  private stoppedReported = false;
  private exitCode = 0;

  private readonly requestHandlers: {
    [A in NaughtRequest['action']]: (request: Extract<NaughtRequest, { action: A }>, client: Client | null) => void;
  } = {
    NaughtStatus: (_request, client) => this.reply(client, 'Status'),
    NaughtStatusDetail: (_request, client) => this.hooks.replyDetail(this.snapshot('Status'), this.describe(), client),
    NaughtDeploy: (request, client) => this.onDeploy(request, client),
    NaughtDeployAbort: (_request, client) => this.onDeployAbort(client),
    NaughtShutdown: (request, client) => this.onShutdown(request, client),
  };

  private readonly workerMessageHandlers: Record<string, (record: WorkerRecord) => void> = {
    online: (record) => this.onWorkerOnline(record),
    offline: (record) => this.onWorkerOffline(record),
  };

  constructor(
    options: MasterOptions,
    private readonly hooks: MasterHooks<Client>,
  ) {
    this.workerCount = options.workerCount;
    this.cwd = options.cwd;
    this.env = { ...options.env };
    cluster.setupPrimary({
      exec: options.script,
      args: options.scriptArgs,
      // naught 1.6.0 gave --node-args to its master and the workers inherited them; we give them to the workers directly.
      execArgv: options.nodeArgs,
      stdio: ['ignore', options.stdout, options.stderr, 'ipc'],
    });
  }

  /** Boots the first cohort of workers. */
  boot(): void {
    this.emit('Bootup');
    this.beginOperation('boot', null);
  }

  /** Handles one validated request; `null` means the message was not understood. */
  handle(request: NaughtRequest | null, client: Client | null): void {
    if (request === null) {
      this.reply(client, 'UnrecognizedMessage');
      return;
    }
    const handler = this.requestHandlers[request.action] as (request: NaughtRequest, client: Client | null) => void;
    handler(request, client);
  }

  get waitingFor(): WaitingFor {
    if (this.stopping) return 'shutdown';
    return this.op === null ? null : this.op.phase;
  }

  // ---- requests ----------------------------------------------------------

  private onDeploy(request: DeployRequest, client: Client | null): void {
    if (this.stopping) return this.reply(client, 'ErrorShuttingDown');
    if (this.op !== null) return this.reply(client, 'ErrorDeployInProgress');
    this.env = { ...this.env, ...request.environment };
    if (request.cwd !== null) this.cwd = request.cwd;
    if (request.newWorkerCount > 0) this.workerCount = request.newWorkerCount;
    this.beginOperation('deploy', request.timeout);
  }

  private onDeployAbort(client: Client | null): void {
    const op = this.op;
    if (op === null || op.kind === 'boot' || this.stopping) return this.reply(client, 'ErrorNoDeployInProgress');
    // An abort already under way: the client simply sees how it ends.
    if (op.ending === null) this.abort(op, 'user');
  }

  private onShutdown(request: ShutdownRequest, client: Client | null): void {
    if (this.stopping) {
      this.reply(client, 'AlreadyShuttingDown');
      // naught 1.6.0 ignored the timeout of a second stop, although it told users to retry with one.
      if (request.timeout !== null) this.armStopTimer(request.timeout);
      return;
    }
    this.beginStop(request.timeout);
  }

  // ---- boot and deploy ---------------------------------------------------

  private beginOperation(kind: Operation['kind'], timeoutSeconds: number | null): void {
    const op: Operation = {
      kind,
      cohort: ++this.lastCohort,
      phase: 'new',
      ending: null,
      newWorkers: new Set(),
      retiring: new Set(),
      timer: null,
    };
    this.op = op;
    for (let index = 0; index < this.workerCount; index += 1) {
      op.newWorkers.add(this.spawn(index, op.cohort));
      this.emit('SpawnNew');
    }
    if (timeoutSeconds !== null) {
      op.timer = setTimeout(() => {
        op.timer = null;
        if (this.op !== op || op.ending !== null) return;
        this.emit('Timeout');
        this.abort(op, 'timeout');
      }, timeoutSeconds * 1000);
    }
  }

  /** Every new worker is online: only now is any old worker told to shut down. */
  private retireOldWorkers(op: Operation): void {
    op.phase = 'old';
    const retiring: WorkerState[] = ['online', 'new_online', 'booting'];
    const old = [...this.records.values()].filter((record) => record.cohort !== op.cohort && retiring.includes(record.state));
    for (const record of old) {
      const wasBooting = record.state === 'booting';
      record.state = 'dying';
      record.retirement = 'shutdown';
      op.retiring.add(record);
      this.emit('ShutdownOld');
      askToShutDown(record);
      // A replacement that never served anyone has nothing to finish.
      if (wasBooting) terminateWorker(record, killGraceFor(null));
    }
  }

  private finishOperation(op: Operation, event: 'Ready' | 'DeployFailed'): void {
    if (op.timer !== null) clearTimeout(op.timer);
    this.op = null;
    if (op.phase === 'old') {
      for (const record of this.records.values()) {
        if (record.cohort === op.cohort && record.state === 'new_online') record.state = 'online';
      }
      this.activeCohort = op.cohort;
      this.restartPolicy.reset();
    }
    this.emit(event);
  }

  private abort(op: Operation, ending: Ending): void {
    op.ending = ending;
    if (op.timer !== null) {
      clearTimeout(op.timer);
      op.timer = null;
    }
    const grace = killGraceFor(null);
    if (op.phase === 'new') {
      // Online ones first, then the booting ones, as naught 1.6.0 did.
      const alive = [...op.newWorkers].filter((record) => !record.exited);
      const doomed = [...alive.filter((r) => r.state === 'new_online'), ...alive.filter((r) => r.state !== 'new_online')];
      for (const record of doomed) {
        record.state = 'destroyed';
        record.retirement = 'destroy-new';
        this.emit('DestroyNew');
      }
      for (const record of doomed) terminateWorker(record, grace);
    } else {
      const doomed = [...op.retiring].filter((record) => !record.exited);
      for (const record of doomed) {
        record.retirement = 'destroy-old';
        this.emit('DestroyOld');
      }
      for (const record of doomed) terminateWorker(record, grace);
    }
    this.progress();
  }

  private finishAbort(op: Operation): void {
    if (op.kind === 'boot') {
      // The server could not boot: there is nothing to keep running.
      this.op = null;
      this.exitCode = 1;
      this.stopping = true;
      this.finalizeStop();
      return;
    }
    this.finishOperation(op, op.ending === 'user' ? 'Ready' : 'DeployFailed');
  }

  // ---- stop ----------------------------------------------------------------

  private beginStop(timeoutSeconds: number | null): void {
    this.stopping = true;
    for (const timer of this.pendingRestarts.keys()) clearTimeout(timer);
    this.pendingRestarts.clear();
    if (this.op !== null) {
      if (this.op.timer !== null) clearTimeout(this.op.timer);
      this.op = null;
    }
    for (const state of ['booting', 'online', 'new_online'] as const) {
      for (const record of [...this.records.values()].filter((r) => r.state === state)) {
        record.state = 'dying';
        record.retirement = 'shutdown';
        this.stopWaits.add(record);
        this.emit('ShutdownOld');
        askToShutDown(record);
        if (state === 'booting') terminateWorker(record, killGraceFor(timeoutSeconds));
      }
    }
    if (timeoutSeconds !== null) this.armStopTimer(timeoutSeconds);
    this.progress();
  }

  private armStopTimer(timeoutSeconds: number): void {
    if (this.stopTimer !== null || this.stopFinalized) return;
    this.stopTimer = setTimeout(() => {
      this.emit('Timeout');
      const grace = killGraceFor(timeoutSeconds);
      const dying = [...this.records.values()].filter((record) => record.state === 'dying');
      for (const record of dying) {
        if (record.retirement === 'shutdown') record.retirement = 'destroy-old';
        this.emit('DestroyOld');
      }
      for (const record of dying) terminateWorker(record, grace);
    }, timeoutSeconds * 1000);
  }

  /** The workers the stop waited for are gone; end the rest (offline stragglers) without events. */
  private finalizeStop(): void {
    if (this.stopFinalized) return;
    this.stopFinalized = true;
    if (this.stopTimer !== null) clearTimeout(this.stopTimer);
    for (const record of this.records.values()) {
      if (record.retirement === 'offline' || record.retirement === null) record.retirement = 'leftover';
      askToShutDown(record);
      terminateWorker(record, killGraceFor(null));
    }
    this.reportStoppedIfEmpty();
  }

  private reportStoppedIfEmpty(): void {
    if (!this.stopFinalized || this.stoppedReported || this.records.size > 0) return;
    this.stoppedReported = true;
    this.hooks.stopped(this.exitCode);
  }

  // ---- progress ------------------------------------------------------------

  /** Moves the boot, deploy, abort or stop on after any change of a worker. */
  private progress(): void {
    const op = this.op;
    if (op !== null) {
      if (op.ending !== null) {
        const waitingOn = op.phase === 'new' ? op.newWorkers : op.retiring;
        if ([...waitingOn].every((record) => record.exited)) {
          if (op.phase === 'new') this.finishAbort(op);
          else this.finishOperation(op, op.ending === 'user' ? 'Ready' : 'DeployFailed');
        }
      } else if (op.phase === 'new') {
        if ([...op.newWorkers].every((record) => record.state === 'new_online')) {
          this.retireOldWorkers(op);
          if (this.op === op && [...op.retiring].every((record) => record.exited)) this.finishOperation(op, 'Ready');
        }
      } else if ([...op.retiring].every((record) => record.exited)) {
        this.finishOperation(op, 'Ready');
      }
    }
    if (this.stopping) {
      if (!this.stopFinalized && [...this.stopWaits].every((record) => record.exited)) this.finalizeStop();
      this.reportStoppedIfEmpty();
    }
  }

  // ---- workers ---------------------------------------------------------------

  private spawn(index: number, cohort: number): WorkerRecord {
    // setupPrimary merges: only the working directory can change between forks (deploy --cwd).
    cluster.setupPrimary({ cwd: this.cwd });
    const worker = cluster.fork({ ...this.env, NAUGHT_WORKER: String(index) });
    const record: WorkerRecord = {
      index,
      cohort,
      worker,
      spawnedAt: Date.now(),
      state: 'booting',
      retirement: null,
      onlineAt: null,
      killTimer: null,
      replaces: null,
      exited: false,
    };
    this.records.set(worker.id, record);
    worker.on('message', (message: unknown) => {
      if (typeof message !== 'string') return;
      const handler = this.workerMessageHandlers[message];
      if (handler !== undefined && !record.exited) handler(record);
    });
    worker.on('exit', () => this.onWorkerExit(record));
    // IPC errors (a send to a worker that is going away) must not take the master down; the exit event follows.
    worker.on('error', () => undefined);
    worker.process.once('error', () => {
      // A fork that could not even start never emits 'exit'.
      if (worker.process.pid === undefined) this.onWorkerExit(record);
    });
    this.hooks.workerForked(worker);
    return record;
  }

  private onWorkerOnline(record: WorkerRecord): void {
    if (record.state !== 'booting') return;
    record.onlineAt = Date.now();
    this.releasePredecessor(record);
    const op = this.op;
    if (op !== null && op.ending === null && op.newWorkers.has(record)) {
      record.state = 'new_online';
      this.emit('NewOnline');
      this.progress();
      return;
    }
    // A replacement after a crash or an 'offline'.
    const partOfUnfinishedDeploy = op !== null && op.phase === 'old' && record.cohort === op.cohort;
    record.state = partOfUnfinishedDeploy ? 'new_online' : 'online';
    this.emit('WorkerOnline');
    if (this.op === null && !this.stopping && ![...this.records.values()].some((r) => r.state === 'booting')) {
      this.emit('Ready');
    }
  }

  private onWorkerOffline(record: WorkerRecord): void {
    // A worker that is already dying (or everything, during a stop) cannot go offline twice.
    if (this.stopping || (record.state !== 'online' && record.state !== 'new_online')) return;
    record.state = 'dying';
    record.retirement = 'offline';
    this.emit('WorkerOffline');
    this.countRestart(record.index);
    const replacement = this.spawn(record.index, record.cohort);
    replacement.replaces = record;
    const op = this.op;
    if (op !== null && op.newWorkers.delete(record)) op.newWorkers.add(replacement);
    this.emit('SpawnNew');
  }

  /**
   * A worker that went 'offline' may keep its listener open until its
   * replacement serves (the crash guard does), so that a single-worker server
   * never closes its port. Tell it that the newer worker is online with
   * naught-core's 'replaced', which a server written for 1.6.0 ignores: it
   * still finishes on its own terms, as the protocol promises.
   */
  private releasePredecessor(record: WorkerRecord): void {
    const predecessor = record.replaces;
    record.replaces = null;
    if (predecessor === null || predecessor.exited || !predecessor.worker.isConnected()) return;
    try {
      predecessor.worker.send('replaced');
    } catch {
      // it is going away already
    }
  }

  private onWorkerExit(record: WorkerRecord): void {
    if (record.exited) return;
    record.exited = true;
    if (record.killTimer !== null) clearTimeout(record.killTimer);
    this.records.delete(record.worker.id);
    switch (record.retirement) {
      case 'shutdown':
      case 'destroy-old':
        this.emit('OldExit');
        break;
      case 'destroy-new':
        this.emit('NewDestroyed');
        break;
      case 'offline':
        // naught 1.6.0 stayed silent here during a stop; the stop's own lines end with the workers it waited for.
        if (!this.stopping) this.emit('WorkerDeath');
        break;
      case 'leftover':
        break;
      case null:
        this.onCrash(record);
        break;
    }
    this.progress();
  }

  private onCrash(record: WorkerRecord): void {
    const op = this.op;
    if (op !== null && op.phase === 'new' && op.ending === null && op.newWorkers.has(record)) {
      this.emit('NewDeath');
      this.abort(op, 'failed');
      return;
    }
    this.emit('WorkerDeath');
    this.scheduleRestart(record);
  }

  private scheduleRestart(record: WorkerRecord): void {
    if (this.stopping) return;
    const decision = this.restartPolicy.decide(record.index, record.onlineAt);
    if (decision.delayMs === 0) {
      this.respawn(record.index, record.cohort);
      return;
    }
    this.hooks.log(`${new Date().toISOString()} ${describeRestart(record.index, decision)}`);
    const timer = setTimeout(() => {
      this.pendingRestarts.delete(timer);
      this.respawn(record.index, record.cohort);
    }, decision.delayMs);
    this.pendingRestarts.set(timer, { index: record.index, dueAt: Date.now() + decision.delayMs });
  }

  private respawn(index: number, cohort: number): void {
    if (this.stopping) return;
    // A deploy that reached its old phase (or finished) has replaced this cohort already.
    const servingCohort = this.op !== null && this.op.phase === 'old' ? this.op.cohort : this.activeCohort;
    if (cohort !== servingCohort) return;
    this.countRestart(index);
    this.spawn(index, cohort);
    this.emit('SpawnNew');
  }

  private countRestart(index: number): void {
    this.restartCounts.set(index, (this.restartCounts.get(index) ?? 0) + 1);
  }

  /** The workers and the operation under way, for a detailed status. */
  describe(): MasterView {
    const op = this.op;
    const operation = this.stopping ? 'stop' : (op?.kind ?? null);
    const restartsOf = (index: number): number => this.restartCounts.get(index) ?? 0;
    return {
      operation,
      deployPhase: operation === 'deploy' && op !== null ? op.phase : null,
      deployAborting: operation === 'deploy' && op !== null && op.ending !== null,
      workerCount: this.workerCount,
      cwd: this.cwd,
      workers: [...this.records.values()].map((record) => viewWorker(record, restartsOf(record.index))).sort(byIndexThenAge),
      pendingRestarts: [...this.pendingRestarts.values()]
        .map(({ index, dueAt }) => ({ index, dueAt, restarts: restartsOf(index) }))
        .sort((a, b) => a.index - b.index),
    };
  }

  // ---- events ----------------------------------------------------------------

  private snapshot(event: NaughtEvent['event']): NaughtEvent {
    return { event, waitingFor: this.waitingFor, count: countWorkers(this.records.values()) };
  }

  private emit(event: BroadcastEventName): void {
    this.hooks.broadcast(this.snapshot(event));
  }

  private reply(client: Client | null, event: ReplyEventName): void {
    this.hooks.reply(this.snapshot(event), client);
  }

  /** Last resort when the daemon itself must go: no worker may outlive it. */
  killAll(): void {
    for (const record of this.records.values()) signalWorker(record, 'SIGKILL');
  }
}
