import { describe, expect, it } from 'vitest';
import { placeFieldErrors } from './server-errors';

describe('placing the server\'s field errors on form fields', () => {
  const registered = [['name'], ['email'], ['whitelist', 'regionIds'], ['whitelist', 'industries'], ['eventTypes']];

  it('matches a field by its request path, without the body. prefix', () => {
    expect(placeFieldErrors({ 'body.email': 'not an email address' }, registered)).toEqual({
      placed: [{ name: ['email'], errors: ['not an email address'] }],
      unplaced: [],
    });
  });

  it('puts an error about one item of a list on the list field', () => {
    const { placed } = placeFieldErrors({ 'body.eventTypes.3': '"x" is not an event type' }, registered);
    expect(placed).toEqual([{ name: ['eventTypes'], errors: ['"x" is not an event type'] }]);
  });

  it('puts an error about a group on the group\'s first field, and a nested one on its own field', () => {
    expect(placeFieldErrors({ 'body.whitelist': 'list at least one' }, registered).placed).toEqual([{ name: ['whitelist', 'regionIds'], errors: ['list at least one'] }]);
    expect(placeFieldErrors({ 'body.whitelist.industries': 'bad' }, registered).placed).toEqual([{ name: ['whitelist', 'industries'], errors: ['bad'] }]);
  });

  it('returns what no field claims, so it can be shown above the form', () => {
    expect(placeFieldErrors({ 'body.teamId': 'no such team', 'body.name': 'too long' }, registered)).toEqual({
      placed: [{ name: ['name'], errors: ['too long'] }],
      unplaced: ['no such team'],
    });
  });
});
