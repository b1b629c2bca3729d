import { describe, expect, it } from 'vitest';
import { isFiltered, listSpecs, readQuery, sameQuery, sortOf, writeQuery } from './list-spec';

describe('record list queries in the URL', () => {
  const leads = listSpecs.leads;

  it('takes its keys and defaults from the server\'s list schema, without paging', () => {
    expect(leads.keys).toEqual(expect.arrayContaining(['q', 'status', 'ownerId', 'sort', 'stage', 'source', 'industry', 'regionId', 'city', 'customerId']));
    expect(leads.keys).not.toContain('cursor');
    expect(leads.keys).not.toContain('limit');
    expect(leads.defaults).toEqual({ status: 'active', sort: 'updatedAt:desc' });
    expect(listSpecs.contacts.defaults.sort).toBe('name:asc');
    expect(listSpecs.activities.keys).toContain('kind');
  });

  it('reads only the list\'s own, valid parameters, and drops the defaults', () => {
    const params = new URLSearchParams('q=%E4%B8%8A%E6%B5%B7&stage=qualified&stage2=x&sort=name:asc&status=active&cursor=abc&industry=bogus&city=');
    expect(readQuery(leads, params)).toEqual({ q: '上海', stage: 'qualified', sort: 'name:asc' });
    expect(readQuery(leads, new URLSearchParams('sort=secret:asc'))).toEqual({});
  });

  it('writes a query back without defaults, keeping parameters that are not the list\'s', () => {
    const next = writeQuery(leads, new URLSearchParams('create=1&stage=new'), { stage: 'won', status: 'active', sort: 'updatedAt:desc', q: '李' });
    expect(Object.fromEntries(next)).toEqual({ create: '1', stage: 'won', q: '李' });
  });

  it('knows the sort in force, whether a query filters, and when two queries are the same', () => {
    expect(sortOf(leads, {})).toEqual({ field: 'updatedAt', order: 'desc' });
    expect(sortOf(leads, { sort: 'name:asc' })).toEqual({ field: 'name', order: 'asc' });
    expect(isFiltered({ sort: 'name:asc' })).toBe(false);
    expect(isFiltered({ status: 'archived' })).toBe(true);
    expect(sameQuery(leads, { status: 'active', stage: 'new' }, { stage: 'new' })).toBe(true);
    expect(sameQuery(leads, { stage: 'new' }, { stage: 'new', q: 'x' })).toBe(false);
  });
});
