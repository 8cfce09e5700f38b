'use strict';
// After `naught stop`: waits (15 s at most) until the counter daemon named in
// the pid file given as argument has exited, its socket and pid file are gone,
// and no process runs in this directory any more. Prints what it found; exits
// 1 if something is still there. Linux: reads /proc.
const fs = require('node:fs');
const path = require('node:path');

const here = process.cwd();
const daemon = Number(fs.readFileSync(process.argv[2], 'utf8').trim());

function running(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'; // a zombie has exited
  } catch {
    return false;
  }
}

function processesHere() {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid && Number(entry) !== process.ppid)
    .filter((entry) => {
      try {
        const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
        return (cwd === here || cwd.startsWith(here + path.sep)) && running(Number(entry));
      } catch {
        return false;
      }
    });
}

const deadline = Date.now() + 15_000;
const timer = setInterval(() => {
  const daemonGone = !running(daemon) && !fs.existsSync('counter.sock') && !fs.existsSync('counter.pid');
  const others = processesHere();
  if (daemonGone && others.length === 0) {
    clearInterval(timer);
    console.log(`counter daemon ${daemon} has exited; counter.sock and counter.pid are gone`);
    console.log('nothing left running in this directory');
  } else if (Date.now() > deadline) {
    clearInterval(timer);
    console.log(`still there: ${daemonGone ? '' : `the counter daemon ${daemon} `}${others.map((pid) => `process ${pid}`).join(' ')}`);
    process.exitCode = 1;
  }
}, 50);
