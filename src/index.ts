import { run } from './main.js';

// Once the outputs and the summary are written, nothing is left to do: requests of an abandoned
// page loop, or a retry's timer, must not keep the step alive (run() never rejects).
void run().finally(() => process.exit());
