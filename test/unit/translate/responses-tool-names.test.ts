// The flattened tool-name rule: valid Anthropic names, unique, stable, and mapped back exactly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../../src/domain/errors.js';
import { allocateToolNames, baseFlatName, flatNameOf, identityOf, type ToolIdentity } from '../../../src/translate/responses-tool-names.js';

const VALID = /^[a-zA-Z0-9_-]{1,64}$/;

describe('responses tool names', () => {
  it('keeps valid plain names, joins namespace and name with __, replaces other characters', () => {
    assert.equal(baseFlatName({ name: 'exec_command' }), 'exec_command');
    assert.equal(baseFlatName({ namespace: 'multi_agent_v1', name: 'close_agent' }), 'multi_agent_v1__close_agent');
    assert.equal(baseFlatName({ namespace: 'mcp.server/fs', name: 'read.file' }), 'mcp_server_fs__read_file');
    assert.equal(baseFlatName({ name: '' }), 'tool');
  });

  it('every name is valid and unique, also when bases collide at the 64-character cut', () => {
    const long = 'n'.repeat(70);
    const ids: ToolIdentity[] = [
      { namespace: long, name: 'a' },
      { namespace: long, name: 'b' },
      { namespace: long, name: 'c' },
      { name: 'x.y' },
      { name: 'x_y' },
    ];
    const names = allocateToolNames(ids, []);
    const flats = [...names.byFlat.keys()];
    assert.equal(new Set(flats).size, ids.length);
    for (const f of flats) assert.match(f, VALID);
    // Plain valid names are placed first, so `x_y` keeps its name and `x.y` yields.
    assert.equal(flatNameOf(names, { name: 'x_y' }), 'x_y');
    assert.equal(flatNameOf(names, { name: 'x.y' }), 'x_y_2');
    assert.deepEqual(flats.filter((f) => f.startsWith('nnn')), ['n'.repeat(64), `${'n'.repeat(62)}_2`, `${'n'.repeat(62)}_3`]);
    for (const id of ids) assert.deepEqual(identityOf(names.byFlat, flatNameOf(names, id)), id);
  });

  it('never hands out a reserved server-tool name', () => {
    const names = allocateToolNames([{ name: 'web_search' }], ['web_search']);
    assert.deepEqual([...names.byFlat], [['web_search_2', { name: 'web_search' }]]);
  });

  it('is stable: the same tool list gives the same names on every turn', () => {
    const ids: ToolIdentity[] = [{ namespace: 'a', name: 'b' }, { name: 'a__b' }, { namespace: 'a.', name: 'b' }];
    assert.deepEqual([...allocateToolNames(ids, []).byFlat], [...allocateToolNames(ids, []).byFlat]);
  });

  it('refuses the same tool twice with a 400 on tools', () => {
    assert.throws(
      () => allocateToolNames([{ namespace: 'ns', name: 'f' }, { namespace: 'ns', name: 'f' }], []),
      (e: unknown) => e instanceof GatewayError && e.status === 400 && e.param === 'tools' && /ns\.f/.test(e.message),
    );
  });

  it('a tool not offered this turn (history) gets the base rule; an unknown answer name maps to itself', () => {
    const names = allocateToolNames([], []);
    assert.equal(flatNameOf(names, { namespace: 'gone', name: 'tool' }), 'gone__tool');
    assert.deepEqual(identityOf(names.byFlat, 'hallucinated'), { name: 'hallucinated' });
  });
});
