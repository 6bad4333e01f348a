import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module of the build scripts, without type declarations
import { apiLimits, limitsModule } from '../../scripts/api-limits.mjs';
import { bodyLimits, queryLimits } from '../../src/api/limits';

const doc = {
  paths: {
    '/api/v1/things': {
      post: {
        operationId: 'postThings',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 64 },
                  free: { type: 'string' },
                  people: { type: 'array', maxItems: 20, items: { properties: { phone: { maxLength: 20 } } } },
                  tags: { type: 'array', items: { type: 'string', maxLength: 8 } },
                },
              },
            },
          },
        },
      },
      get: {
        operationId: 'getThings',
        parameters: [
          { in: 'query', name: 'q', schema: { type: 'string', maxLength: 100 } },
          { in: 'path', name: 'id', schema: { type: 'integer', minimum: 1 } },
        ],
      },
    },
  },
};

describe('api limits from the OpenAPI document', () => {
  it('collects body fields, array items and query parameters, nothing else', () => {
    const { body, query } = apiLimits(doc);
    expect(body.postThings).toEqual({
      name: { minLength: 1, maxLength: 64 },
      people: { maxItems: 20 },
      'people[].phone': { maxLength: 20 },
      'tags[]': { maxLength: 8 },
    });
    expect(query).toEqual({ getThings: { q: { maxLength: 100 } } });
  });

  it('writes a module whose tables are the ones the forms read', () => {
    expect(limitsModule(doc)).toContain('"postThings"');
    // The generated file is made from the server binary: its limits are the server's.
    expect(bodyLimits.postUsersIdReveal.reason.maxLength).toBeGreaterThan(0);
    expect(queryLimits.getCases.q.maxLength).toBeGreaterThan(0);
  });
});
