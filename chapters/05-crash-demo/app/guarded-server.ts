/**
 * The same app with naught-core's offline guard (guardCrashes): meant to run
 * under naught-core with two workers or more. See server.ts.
 */
import { serve } from './server';

serve({ guard: true });
