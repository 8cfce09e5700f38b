'use strict';
/* global document */
// The page's code: computes every operation of math.js in the browser, asks the
// server's API for the same results, and writes both into the page's table.
const math = require('./math');

const A = 6;
const B = 3;

function cell(row, id, text) {
  const td = document.createElement('td');
  if (id !== null) td.id = id;
  td.textContent = text;
  row.appendChild(td);
}

async function main() {
  const rows = document.getElementById('results');
  for (const op of Object.keys(math)) {
    const response = await fetch(`/api/math/${op}?a=${A}&b=${B}`);
    const fromServer = (await response.json()).result;
    const row = document.createElement('tr');
    cell(row, null, `${op}(${A}, ${B})`);
    cell(row, `${op}-page`, String(math[op](A, B)));
    cell(row, `${op}-server`, String(fromServer));
    rows.appendChild(row);
  }
  // Node's globals, from the bundle: Buffer encodes, process.nextTick defers.
  const encoded = Buffer.from(Object.keys(math).join(',')).toString('base64');
  process.nextTick(() => {
    document.getElementById('encoded').textContent = encoded;
    document.getElementById('status').textContent = 'done';
  });
}

main().catch((error) => {
  document.getElementById('status').textContent = `failed: ${error.message}`;
});
