import { AppError } from './app-error';
import { readBodyText, readJsonBody } from './request-body';

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request('http://localhost/api/submissions', { method: 'POST', body, headers });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'OK';
}

describe('readJsonBody', () => {
  it('parses a JSON body', async () => {
    await expect(readJsonBody(post('{"a":1}', { 'content-type': 'application/json; charset=utf-8' }))).resolves.toEqual({ a: 1 });
  });

  it('refuses non-JSON media types with UNSUPPORTED_MEDIA', async () => {
    expect(await codeOf(readJsonBody(post('{"a":1}', { 'content-type': 'text/plain' })))).toBe('UNSUPPORTED_MEDIA');
    expect(await codeOf(readJsonBody(post('a=1', { 'content-type': 'application/x-www-form-urlencoded' })))).toBe('UNSUPPORTED_MEDIA');
    expect(await codeOf(readJsonBody(post('{}')))).toBe('UNSUPPORTED_MEDIA'); // text/plain by default
  });

  it('refuses malformed JSON with VALIDATION', async () => {
    expect(await codeOf(readJsonBody(post('{"a":', { 'content-type': 'application/json' })))).toBe('VALIDATION');
    expect(await codeOf(readJsonBody(post('', { 'content-type': 'application/json' })))).toBe('VALIDATION');
  });

  it('refuses a declared Content-Length over the cap before reading anything', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(10));
        controller.close();
      },
    });
    const request = new Request('http://localhost/x', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'content-length': '5000000' },
      duplex: 'half',
    } as RequestInit);
    expect(await codeOf(readJsonBody(request, 1000))).toBe('PAYLOAD_TOO_LARGE');
    expect(pulled).toBeLessThanOrEqual(1); // the stream may be primed, but is never read to the end
  });

  it('stops reading a streamed body as soon as it exceeds the cap', async () => {
    let chunksServed = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunksServed += 1;
        if (chunksServed > 1000) controller.close();
        else controller.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const request = new Request('http://localhost/x', { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    expect(await codeOf(readBodyText(request, 10 * 1024))).toBe('PAYLOAD_TOO_LARGE');
    expect(chunksServed).toBeLessThan(20);
  });

  it('rejects bodies that are not UTF-8', async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    expect(await codeOf(readBodyText(post(bytes, { 'content-type': 'application/json' }), 100))).toBe('VALIDATION');
  });
});
