#!/usr/bin/env node
// `npm run dev`: the API server restarting on change (tsx watch, port 3000) and the web app with hot reload (Vite,
// http://127.0.0.1:5173, proxying /api to the server). Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['tsx', 'watch', 'packages/server/src/cli.ts', 'serve', '--demo-on-empty'], { stdio: 'inherit', env: { ...process.env, PORT: process.env.PORT ?? '3000' } }),
  spawn('npx', ['vite', '--host', '127.0.0.1'], { stdio: 'inherit', cwd: 'packages/web', env: { ...process.env, CLOSELOOP_API: `http://127.0.0.1:${process.env.PORT ?? '3000'}` } }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => { stop(); process.exitCode ||= code ?? 0; });
