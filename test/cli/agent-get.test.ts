// Which command lines the fast `get` (cli/agent-get.ts) takes on itself: only a plain
// `get NAME` with an optional --vault; everything else goes to the whole CLI unchanged.
import { describe, expect, it } from 'vitest';
import { plainGet } from '../../electron/cli/agent-get.ts';

describe('plainGet', () => {
  it('takes get NAME, with --vault before the command or anywhere after it', () => {
    expect(plainGet(['get', 'stripe/prod'])).toEqual({ ref: 'stripe/prod', vault: undefined });
    expect(plainGet(['get', 'stripe/prod', '--vault', '/v.keyhold'])).toEqual({ ref: 'stripe/prod', vault: '/v.keyhold' });
    expect(plainGet(['get', '--vault=/v.keyhold', 'stripe/prod'])).toEqual({ ref: 'stripe/prod', vault: '/v.keyhold' });
    expect(plainGet(['--vault', '/v.keyhold', 'get', 'stripe/prod'])).toEqual({ ref: 'stripe/prod', vault: '/v.keyhold' });
    expect(plainGet(['--vault=/v.keyhold', 'get', 'stripe/prod'])).toEqual({ ref: 'stripe/prod', vault: '/v.keyhold' });
  });

  it('leaves every other command line to the whole CLI', () => {
    for (const argv of [
      [], ['get'], ['ls'], ['show', 'stripe/prod'], ['get', 'a', 'b'],
      ['get', 'stripe/prod', '--json'], ['get', 'stripe/prod', '--copy'], ['get', 'stripe/prod', '--version', '1'],
      ['get', '--help'], ['get', 'stripe/prod', '-h'], ['get', '--', 'stripe/prod'], ['--help', 'get', 'x'],
      ['get', 'x', '--vault'], ['get', 'x', '--vault', '--json'], ['get', 'x', '--vault='], ['get', 'x', '--vault', 'a', '--vault', 'b'],
      ['--vault', 'a', 'get', 'x', '--vault', 'b'], ['get', 'x', '--value=sk_live'], ['run', '--', 'get', 'x'],
    ]) {
      expect(plainGet(argv), argv.join(' ')).toBeNull();
    }
  });
});
