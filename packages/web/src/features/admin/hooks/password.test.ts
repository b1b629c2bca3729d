import { describe, expect, it } from 'vitest';
import { generatePassword } from './password';

describe('the password an admin hands over', () => {
  it('meets the server\'s rule (10 to 128 characters) and reads in groups of four', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(password.length).toBeGreaterThanOrEqual(10);
  });

  it('leaves out characters that are easily confused when read aloud (0/O, 1/l/I)', () => {
    const sample = Array.from({ length: 200 }, () => generatePassword()).join('');
    expect(sample).not.toMatch(/[0O1lIio]/);
  });

  it('is different every time', () => {
    expect(new Set(Array.from({ length: 100 }, () => generatePassword())).size).toBe(100);
  });
});
