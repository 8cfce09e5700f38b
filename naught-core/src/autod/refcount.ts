/**
 * The daemon's reference count: +1 per client connection (and per 'ref' event
 * of an interface), -1 when it goes. With autoclose, a count that has stayed
 * at 0 for the whole delay closes the server. The delay matters: a command
 * line client disconnects between two commands, and a deploy replaces one
 * worker's connection with another's; neither should end the daemon.
 */
export class RefCount {
  private value = 0;
  private timer: NodeJS.Timeout | null = null;
  private active = false;

  constructor(
    private readonly autoclose: boolean,
    private readonly delayMs: number,
    private readonly onIdle: () => void,
  ) {}

  get count(): number {
    return this.value;
  }

  /** Starts watching (once the server listens): a daemon nobody ever connects to closes too. */
  start(): void {
    this.active = true;
    this.armIfIdle();
  }

  stop(): void {
    this.active = false;
    this.disarm();
  }

  ref(): void {
    this.value += 1;
    this.disarm();
  }

  /** Never below 0: an interface that emits one 'unref' too many does not close the server under a client. */
  unref(): void {
    if (this.value > 0) this.value -= 1;
    this.armIfIdle();
  }

  private armIfIdle(): void {
    if (!this.autoclose || !this.active || this.value > 0 || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.active && this.value === 0) this.onIdle();
    }, this.delayMs);
  }

  private disarm(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }
}
