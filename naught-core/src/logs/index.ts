/** Worker output and the naught log: size-rotated, gzipped, line-safe log files. */
export { LineBuffer } from './line-buffer';
export { chooseArchiveName, formatArchiveName, nextTimestamp, type ArchiveName } from './archive-name';
export { gzipArchive } from './gzip-archive';
export { LogError } from './log-error';
export { RotatingLog, type RotateEvent, type RotatingLogEvents, type RotatingLogOptions } from './rotating-log';
export { pipeLines, type LineSink } from './pipe-lines';
