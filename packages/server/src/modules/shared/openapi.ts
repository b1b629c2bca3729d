import { z } from 'zod';
import { errorStatus } from '@closeloop/core';

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum([...(Object.keys(errorStatus) as [keyof typeof errorStatus, ...Array<keyof typeof errorStatus>]), 'INTERNAL']),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .meta({ example: { error: { code: 'VALIDATION_FAILED', message: 'Some fields are not valid. Correct them and try again.', fields: { 'body.phone': 'not a phone number' } } } });

/** The error answers every private route can give, for the OpenAPI document. */
export const errorResponses = {
  400: errorBody.describe('Invalid input'),
  401: errorBody.describe('Not signed in'),
  403: errorBody.describe('Not allowed'),
  404: errorBody.describe('Not found (or not visible to you)'),
  409: errorBody.describe('Changed by someone else, or conflicts with existing data'),
} as const;
