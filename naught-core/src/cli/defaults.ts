/** Default file names shared by the commands (relative to the directory a command runs in). */
export const DEFAULT_IPC_FILE = 'naught.ipc';
export const DEFAULT_PID_FILE = 'naught.pid';
export const DEFAULT_LOG = 'naught.log';
export const DEFAULT_STDOUT = 'stdout.log';
export const DEFAULT_STDERR = 'stderr.log';
export const DEFAULT_MAX_LOG_SIZE = '10485760';
