/** Worker output and the naught log: size-rotated, gzipped, line-safe log files. */
export { LineBuffer } from './line-buffer';
export { chooseArchiveName, formatArchiveName, nextTimestamp, parseArchiveName, type ArchiveName } from './archive-name';
export { gzipArchive } from './gzip-archive';
export { LogError } from './log-error';
export { RotatingLog, type PruneEvent, type RotateEvent, type RotatingLogEvents, type RotatingLogOptions } from './rotating-log';
export { pipeLines, type LineSink, type LinesTransform } from './pipe-lines';
export { timestampLines, prefixLines } from './line-stamp';
export { listArchives, type LogArchive } from './archive-list';
export { pruneArchives } from './archive-retention';
export { streamArchive } from './archive-read';
export { openLiveLog, type LiveLog } from './live-log';
export { readLastLines, type Tail } from './log-tail';
export { LogFollower, type FollowHandlers } from './log-follow';
