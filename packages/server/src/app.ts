/**
 * The HTTP application. `build(deps)` is called by the server, the CLI and the tests alike, so every test
 * runs the real graph on a real database.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { trustProxyOf, type Config } from './platform/config.js';
import type { Clock } from './platform/clock.js';
import type { DatabaseHandle } from './platform/db/database.js';
import { installErrorHandling } from './platform/http/error-handler.js';
import { installAuth } from './platform/http/auth-hook.js';
import { installTextGuard } from './platform/http/text-guard.js';
import { addResponseExamples } from './platform/http/openapi-examples.js';
import { defaultWebDir, inlineScriptSources, installWebApp, isAppNavigation, sendAppShell, webAppAvailable } from './platform/http/web-app.js';
import { composeServices, type Services } from './composition-root.js';
import { registerRoutes } from './routes.js';

export interface AppDeps {
  database: DatabaseHandle;
  clock: Clock;
  config: Config;
  /** pino options or false; tests pass false */
  logger?: boolean | object;
}

export type App = FastifyInstance & { services: Services };

export async function build(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: deps.logger ?? { level: deps.config.LOG_LEVEL },
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    trustProxy: trustProxyOf(deps.config),
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON (and multipart for uploads); anything else is a 415, not a confusing 400.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  // Responses are built by typed mappers; serialising them with JSON.stringify keeps the hot path fast. The
  // response schemas still document the API and are checked by the contract tests.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const webDir = deps.config.WEB_DIR ?? defaultWebDir;
  const withWebApp = webAppAvailable(webDir);
  installErrorHandling(app, deps.config.BODY_LIMIT_BYTES, (request, reply) => (withWebApp && isAppNavigation(request) ? sendAppShell(reply) : undefined));

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Files of our own origin, and the page's inline early-requests script by its hash.
        scriptSrc: withWebApp ? ["'self'", inlineScriptSources(webDir)] : ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: deps.config.UPLOAD_LIMIT_BYTES, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Closeloop API',
        version: '1.0.0',
        description:
          'REST API of Closeloop. Authenticate with the session cookie (browser; send X-CSRF-Token on unsafe requests) or with `Authorization: Bearer clk_…` (API tokens). Errors are `{ error: { code, message, fields? } }`, localised by Accept-Language. Send `Idempotency-Key` on POSTs to make retries safe.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cl_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      addResponseExamples((out.schema as { response?: Record<string, unknown> }).response);
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  if (withWebApp) {
    await installWebApp(app, webDir);
    app.get('/', { schema: { hide: true } }, (_req, reply) => sendAppShell(reply));
  } else {
    // A server without the built web app (API-only deployments) leads to the API and its documentation.
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/api/docs'));
  }

  const services = composeServices(deps);
  installAuth(app, services.authenticator);
  installTextGuard(app);
  await registerRoutes(app, services, deps);

  const decorated = app as unknown as App;
  decorated.decorate('services', services);
  return decorated;
}
