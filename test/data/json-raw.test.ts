import { describe, expect, it } from 'vitest';
import { arrayElements, formatLines, formatPrettyItems, RawJson, relayout } from '../../src/data/json.js';

const tricky = [
  '"a,]}[{"',
  '{"k":"}\\\\","q":"\\"[,"}',
  '[1,[2,{}],[]]',
  '-0',
  '1E+2',
  '{"a":1,"a":2}',
  'null',
];

describe('raw JSON elements', () => {
  it('splits an array into the source text of its elements, brackets and commas in strings included', () => {
    expect(arrayElements(`[ ${tricky.join(' ,\n\t')} ]`)).toEqual(tricky);
    expect(arrayElements('[]')).toEqual([]);
    expect(arrayElements(' [ ] ')).toEqual([]);
  });

  it('lays a raw element out like JSON.stringify, keeping every token', () => {
    for (const raw of ['{"a":[1,{"b":null}],"c":{},"d":[]}', '"x"', '[[]]'])
      expect(relayout(raw, true)).toBe(JSON.stringify(JSON.parse(raw), null, 2));
    // Tokens JSON.parse would lose: a number's spelling, a repeated key.
    expect(relayout('{ "n" : 2.50 , "n" : 1E+2 }', false)).toBe('{"n":2.50,"n":1E+2}');
    expect(relayout('{ "n" : 2.50 }', true)).toBe('{\n  "n": 2.50\n}');
  });

  it('formats arrays mixing values and raw elements; without raw ones, as before', () => {
    const values = [{ a: 1 }, [2, 3], 'x'];
    expect(formatPrettyItems(values)).toBe(`${JSON.stringify(values, null, 2)}\n`);
    expect(formatPrettyItems([])).toBe('[]\n');
    const mixed = [{ a: 1 }, new RawJson('{"b" : 2.50}')];
    expect(formatPrettyItems(mixed)).toBe('[\n  {\n    "a": 1\n  },\n  {\n    "b": 2.50\n  }\n]\n');
    expect(formatLines(mixed)).toBe('[\n{"a":1},\n{"b":2.50}\n]\n');
  });
});
