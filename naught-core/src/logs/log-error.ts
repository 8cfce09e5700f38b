/** The error a RotatingLog emits: which file, what it was doing, and the underlying cause. */
export class LogError extends Error {
  /** The fs error code of the cause (ENOSPC, ENOENT, ...), if it had one. */
  readonly code: string | undefined;

  constructor(
    message: string,
    /** The log's path (the live file, not an archive). */
    readonly path: string,
    cause?: unknown,
  ) {
    super(cause === undefined ? message : `${message}: ${describe(cause)}`, cause === undefined ? undefined : { cause });
    this.name = 'LogError';
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
