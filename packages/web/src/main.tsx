import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import './app/base.css';
import { App } from './app/App';
import { dropEarlyAnswers } from './api/early';
import { registerServiceWorker } from './boot/service-worker';
import { whenIdle } from './lib/when-idle';

void initI18n().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
whenIdle(dropEarlyAnswers);
registerServiceWorker();
