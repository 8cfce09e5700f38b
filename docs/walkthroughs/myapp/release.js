'use strict';
// Deploys the server started in this directory and reports how it went.
const naught = require('naught-core');

async function main() {
  const before = await naught.getStatus();
  console.log('before:', naught.formatStatusText(before).trim());
  const ready = await naught.deploy({
    timeoutSeconds: 30,
    onEvent: (event) => console.log('  ' + naught.formatEventLine(event)),
  });
  console.log('deployed:', ready.count.online, 'workers online');
  console.log('abort with nothing to abort:', await naught.abortDeploy());
  await naught.stop({ timeoutSeconds: 10 });
  console.log('stopped');
  try {
    await naught.getStatus();
  } catch (error) {
    if (!(error instanceof naught.IpcConnectError)) throw error;
    console.log(`${error.name} (${error.kind}): ${error.message}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
