// Root hooks: whatever a test leaves behind is stopped by PID, and the run fails if anything was left.
import { cleanupAllSandboxes } from './helpers/naught';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await cleanupAllSandboxes();
  },
};
