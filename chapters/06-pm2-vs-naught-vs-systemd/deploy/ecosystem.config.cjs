// pm2's description of the app: `pm2 start ecosystem.config.cjs`, then
// `pm2 reload ecosystem.config.cjs` for each new release. The .cjs name makes
// it a CommonJS module whatever the nearest package.json says.
'use strict';
module.exports = {
  apps: [
    {
      name: 'hello',
      script: './server.js',
      exec_mode: 'cluster', // the pm2 daemon is the cluster primary; the instances share the port
      instances: 2, // or 'max': one per CPU
      wait_ready: true, // an instance counts as up once it sends process.send('ready')...
      listen_timeout: 5000, // ...or after 5 s (ms), ready or not: pm2 then retires the old instance anyway
      kill_timeout: 10000, // stop and reload send SIGINT, then SIGKILL after 10 s (ms); the app drains in 8 s at most
      exp_backoff_restart_delay: 100, // crash loop: restart after 100 ms, then 150, 225 ... up to 15 s
      env: {
        NODE_ENV: 'production',
        PORT: process.env.PORT || '8080', // read when the file is loaded, by `pm2 start` or `pm2 reload`
      },
    },
  ],
};
