import { decodeFrame, encodeFrame } from './protocol';

describe('frames', () => {
  const marker = 'TYINGLAB-FRAME-abc';
  it('round-trips amid other output', () => {
    const json = JSON.stringify({ kind: 'answers', note: 'üñí' });
    const out = Buffer.from(`noise\n${marker} 3\n{}\n` + encodeFrame(marker, json) + 'trailing');
    // The first (truncated-looking) header has a wrong trailer and is rejected; indexOf finds it first.
    expect(decodeFrame(out, marker)).toBeNull();
    expect(decodeFrame(Buffer.from('x' + encodeFrame(marker, json)), marker)).toEqual(JSON.parse(json));
  });
  it('rejects a frame with another marker, a wrong length or a missing trailer', () => {
    expect(decodeFrame(Buffer.from(encodeFrame('TYINGLAB-FRAME-other', '{}')), marker)).toBeNull();
    expect(decodeFrame(Buffer.from(`\n${marker} 5\n{}\n${marker} END\n`), marker)).toBeNull();
    expect(decodeFrame(Buffer.from(`\n${marker} 2\n{}`), marker)).toBeNull();
  });
});
