// The reference grammar: keyhold:NAME and keyhold:NAME#FIELD, names percent-encoded where needed.
import { describe, expect, it } from 'vitest';
import {
  fieldValue, formatReference, isReference, parseReference, REFERENCE_FIELDS, ReferenceSyntaxError,
} from '../../electron/refs/reference.ts';
import type { CredentialMeta } from '../../shared/model.ts';

function reason(text: string): string {
  try {
    parseReference(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ReferenceSyntaxError);
    return (error as Error).message;
  }
  throw new Error(`${text} parsed`);
}

describe('parseReference', () => {
  it('reads a name, with slashes, and an optional field', () => {
    expect(parseReference('keyhold:stripe/prod')).toEqual({ name: 'stripe/prod', field: null });
    expect(parseReference('keyhold:stripe/prod#service')).toEqual({ name: 'stripe/prod', field: 'service' });
    expect(parseReference('keyhold:a/b/c#expires')).toEqual({ name: 'a/b/c', field: 'expires' });
    expect(parseReference('keyhold:x#value')).toEqual({ name: 'x', field: null });
  });

  it('decodes percent-encoded spaces, # and %', () => {
    expect(parseReference('keyhold:my%20key%23two%2550#tags')).toEqual({ name: 'my key#two%50', field: 'tags' });
    expect(parseReference('keyhold:caf%C3%A9')).toEqual({ name: 'café', field: null });
    expect(parseReference('keyhold:café')).toEqual({ name: 'café', field: null });
  });

  it('refuses malformed references with a reason', () => {
    expect(reason('stripe')).toMatch(/starts with "keyhold:"/);
    expect(reason('keyhold:')).toMatch(/names no credential/);
    expect(reason('keyhold:#service')).toMatch(/names no credential/);
    expect(reason('keyhold:my key')).toMatch(/%20/);
    expect(reason('keyhold:50%off')).toMatch(/%25/);
    expect(reason('keyhold:%E0%A4%A')).toMatch(/%25/);
    expect(reason('keyhold:x#colour')).toMatch(/unknown field.*service/);
    expect(reason('keyhold:x#')).toMatch(/unknown field/);
    expect(reason('keyhold:a%0Ab')).toMatch(/control characters/);
    expect(reason('keyhold:%20a')).toMatch(/leading\/trailing/);
  });

  it('is case-sensitive about the prefix', () => {
    expect(isReference('keyhold:x')).toBe(true);
    expect(isReference('Keyhold:x')).toBe(false);
    expect(isReference(' keyhold:x')).toBe(false);
  });
});

describe('formatReference', () => {
  it('encodes only whitespace, # and %', () => {
    expect(formatReference('stripe/prod')).toBe('keyhold:stripe/prod');
    expect(formatReference('my key#2 100%')).toBe('keyhold:my%20key%232%20100%25');
    expect(formatReference('café/ü')).toBe('keyhold:café/ü');
    expect(formatReference('a b', 'service')).toBe('keyhold:a%20b#service');
    expect(formatReference('a', 'value')).toBe('keyhold:a');
  });

  it('round-trips every name and field', () => {
    const names = ['x', 'stripe/prod', 'a b', '#', '%', '%25', 'a%20b', 'tab\u00a0nbsp', 'emoji 🔑 key', 'q"\'`=$', '../x'];
    for (const name of names) {
      expect(parseReference(formatReference(name))).toEqual({ name, field: null });
      for (const field of Object.keys(REFERENCE_FIELDS) as (keyof typeof REFERENCE_FIELDS)[]) {
        expect(parseReference(formatReference(name, field))).toEqual({ name, field: field === 'value' ? null : field });
      }
    }
  });
});

describe('fieldValue', () => {
  const meta: CredentialMeta = {
    id: 'id-1', name: 'stripe/prod', service: 'Stripe', environment: 'prod', keyType: 'private',
    tags: ['pay', 'eu'], notes: 'n', scopes: ['read'], allowedIps: ['10.0.0.1'], allowedDomains: ['a.example'],
    expiresAt: null, rotationIntervalDays: 90, status: 'active', createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z', valueUpdatedAt: '2026-01-03T00:00:00.000Z', valueVersion: 2,
    trashedAt: null, lastSharedAt: null,
  };

  it('gives every documented field as text', () => {
    expect(fieldValue(meta, 'service')).toBe('Stripe');
    expect(fieldValue(meta, 'tags')).toBe('pay,eu');
    expect(fieldValue(meta, 'expires')).toBe('');
    expect(fieldValue(meta, 'rotation-days')).toBe('90');
    expect(fieldValue(meta, 'version')).toBe('2');
    expect(fieldValue(meta, 'rotated')).toBe('2026-01-03T00:00:00.000Z');
    for (const field of Object.keys(REFERENCE_FIELDS)) {
      if (field !== 'value') expect(typeof fieldValue(meta, field as Exclude<keyof typeof REFERENCE_FIELDS, 'value'>)).toBe('string');
    }
  });
});
