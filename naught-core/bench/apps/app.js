// The one Express 5 app that every manager runs in `make bench`: GET / answers
// a short text, GET /crash throws in a timer (outside Express's reach, as a
// real uncaught exception does) and never answers.
'use strict';
const express = require('express');
const events = require('./events');

function createApp() {
  const app = express();
  app.get('/', (req, res) => {
    res.type('text/plain').send('hello from the bench app\n');
  });
  app.get('/crash', () => {
    events.record('crash');
    setTimeout(() => {
      throw new Error('crash on purpose (bench)');
    }, 0);
  });
  return app;
}

function port() {
  return Number(process.env.PORT);
}

module.exports = { createApp, port };
