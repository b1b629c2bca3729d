/**
 * Installs the offline shell (vite-plugin-pwa's worker) once the first screen is up: installing precaches every file
 * of the app, which on a first visit would otherwise compete with that screen for the network.
 */
import { whenIdle } from '../lib/when-idle';

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  whenIdle(() => void navigator.serviceWorker.register('/sw.js', { scope: '/' }), 5_000);
}
