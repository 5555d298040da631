// Runs the local Clerk-compatible server in its own process, so its memory and CPU stay out of
// the measured process. Prints one JSON line {url, secretKey, users} on stdout when listening;
// stops when its stdin closes (the orchestrator ends or dies) or on SIGTERM.
import { DEMO_SECRET_KEY, startClerkServer } from '../../electron/core/demo/index.js';

const users = Number(process.argv[2] ?? 100_000);
const server = await startClerkServer({ users, rateLimit: false, environment: 'production' });
process.stdout.write(`${JSON.stringify({ url: server.url, secretKey: DEMO_SECRET_KEY, users })}\n`);

const stop = () => void server.close().then(() => process.exit(0));
process.stdin.on('end', stop).on('close', stop).resume();
process.on('SIGTERM', stop);
