import * as assert from 'node:assert/strict';
import { formatBytes, formatDuration, formatStatusTable } from '../../src/cli/status-table';
import type { StatusDetail } from '../../src/status-detail';
import { isStatusDetail } from '../../src/status-detail';

const NOW = Date.parse('2025-11-21T20:00:00.000Z');

function detail(changes: Partial<StatusDetail>): StatusDetail {
  return {
    event: 'StatusDetail',
    version: '2.0.0',
    waitingFor: null,
    count: { booting: 0, online: 1, dying: 0, new_online: 0 },
    operation: null,
    deployInProgress: false,
    deployPhase: null,
    deployAborting: false,
    stopInProgress: false,
    daemon: { pid: 100, rssBytes: 50 * 1024 * 1024, startedAt: '2025-11-21T17:00:00.000Z', uptimeSeconds: 3 * 3600 + 125, foreground: false },
    master: { pid: 100, rssBytes: 50 * 1024 * 1024, sameProcessAsDaemon: true },
    workerCount: 1,
    workers: [{ index: 0, pid: 200, state: 'online', startedAt: '2025-11-21T19:58:00.000Z', onlineAt: '2025-11-21T19:58:01.000Z', uptimeSeconds: 120, restarts: 0, rssBytes: 40 * 1024 * 1024 }],
    pendingRestarts: [],
    script: '/srv/app/server.js',
    cwd: '/srv/app',
    files: { ipcFile: '/srv/app/naught.ipc', pidFile: '/srv/app/naught.pid', log: '/srv/app/naught.log', stdout: '/srv/app/stdout.log', stderr: '/srv/app/stderr.log' },
    logOptions: { maxLogSize: 10485760, maxLogFiles: null, logTimestamps: false },
    ...changes,
  };
}

describe('status --workers formatting', function () {
  it('durations: two units at most', function () {
    assert.deepEqual([0, 59.9, 60, 605, 3599, 3600, 7380, 86399, 86400, 90061, 10 * 86400].map(formatDuration), [
      '0s', '59s', '1m 00s', '10m 05s', '59m 59s', '1h 00m', '2h 03m', '23h 59m', '1d 00h', '1d 01h', '10d 00h',
    ]);
  });

  it('memory: binary units, one decimal, - when unknown', function () {
    assert.deepEqual([null, 0, 1023, 1024, 1536, 1024 * 1024, 52.25 * 1024 * 1024, 3 * 1024 ** 3].map(formatBytes), [
      '-', '0 B', '1023 B', '1.0 KiB', '1.5 KiB', '1.0 MiB', '52.3 MiB', '3.0 GiB',
    ]);
  });

  it('a deploy being aborted, a worker being replaced, a pending restart, a worker whose memory could not be read', function () {
    const shown = formatStatusTable(
      detail({
        waitingFor: 'new',
        count: { booting: 1, online: 1, dying: 0, new_online: 0 },
        operation: 'deploy',
        deployInProgress: true,
        deployPhase: 'new',
        deployAborting: true,
        workers: [
          { index: 0, pid: 200, state: 'online', startedAt: '', onlineAt: null, uptimeSeconds: 120, restarts: 3, rssBytes: 40 * 1024 * 1024 },
          { index: 0, pid: 300, state: 'destroyed', startedAt: '', onlineAt: null, uptimeSeconds: 1, restarts: 3, rssBytes: null },
        ],
        pendingRestarts: [{ index: 1, dueAt: '2025-11-21T20:00:02.500Z', restarts: 7 }],
      }),
      NOW,
    );
    assert.equal(
      shown,
      [
        'booting',
        'booting: 1, online: 1, dying: 0, new_online: 0',
        'daemon  pid 100  rss 50.0 MiB  uptime 3h 02m',
        'master  pid 100  rss 50.0 MiB  (the daemon process: naught-core runs the cluster master inside the daemon)',
        'deploy  being aborted',
        'stop    none',
        '',
        'index  pid  state               uptime  restarts  rss',
        '0      200  online              2m 00s  3         40.0 MiB',
        '0      300  destroyed           1s      3         -',
        '1      -    restarting in 2.5s  -       7         -',
        '',
      ].join('\n'),
    );
  });

  it('no workers at all (every index waiting, or a stop that ended them)', function () {
    assert.match(formatStatusTable(detail({ workers: [], count: { booting: 0, online: 0, dying: 0, new_online: 0 } }), NOW), /\nstop {4}none\n\nno workers\n$/);
  });

  it('isStatusDetail accepts the real shape and refuses a damaged one', function () {
    assert.equal(isStatusDetail(detail({})), true);
    assert.equal(isStatusDetail({ ...detail({}), count: { booting: -1, online: 1, dying: 0, new_online: 0 } }), false);
    assert.equal(isStatusDetail({ ...detail({}), workers: [{ index: 0 }] }), false);
    assert.equal(isStatusDetail({ ...detail({}), files: { ...detail({}).files, stdout: 3 } }), false);
    assert.equal(isStatusDetail({ ...detail({}), event: 'Status' }), false);
    assert.equal(isStatusDetail(null), false);
  });
});
